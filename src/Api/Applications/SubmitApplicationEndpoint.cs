using Ledger.Api.Matters;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Rules;
using Ledger.Projections.Applications;
using Marten;
using Ledger.Api.Hosting;
using Ledger.Api.Problems;

namespace Ledger.Api.Applications;

public sealed record SubmitApplicationRequest(string MatterCode, Applicant Applicant, IReadOnlyList<Material> Materials)
{
    public sealed class Validator : AbstractValidator<SubmitApplicationRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.MatterCode).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$")
                .WithMessage("A matter code is letters, digits, '.', '_' or '-'.");
            RuleFor(request => request.Applicant).NotNull().SetValidator(new ApplicantValidator(time));
            RuleFor(request => request.Materials).NotEmpty().WithMessage("An application lists at least one material.").MaxItems(MaterialValidator.MaxPerRequest);
            RuleForEach(request => request.Materials).NotNull().SetValidator(new MaterialValidator());
        }
    }
}

public sealed record ApplicationCreated(Guid Id, string Location, ApplicationStatus Status);

/// <summary>
/// Submissions arrive all day from every counter and the portal, each a new stream: they are saved by group commit
/// (<see cref="GroupCommit"/>), those arriving together in one transaction.
/// </summary>
public static class SubmitApplicationEndpoint
{
    public static async Task<Standing<Matter>> LoadAsync(SubmitApplicationRequest request, IQuerySession session, StreamsInForce inForce, CancellationToken cancellation) =>
        await inForce.StandingMatterAsync(session, request.MatterCode, cancellation)
            ?? throw new RuleBroken("matter-unknown", $"There is no matter {request.MatterCode} in the catalogue.");

    [WolverinePost("/api/applications", OperationId = "submitApplication")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Applications")]
    [EndpointSummary("Submit an application")]
    [EndpointDescription("Starts an application stream, judged against the matter's revision in force now. Citizens submit through the portal agency; an agency's counter may submit for an applicant. A person's name, identity number and phone go to the vault; the event holds their subject and salted commitments (specs/privacy.md).")]
    [ProducesResponseType<ApplicationCreated>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(
        SubmitApplicationRequest request, Standing<Matter> matter, ClaimsPrincipal user, HttpContext context, GroupCommit commits, StreamsInForce inForce,
        PersonalData personalData, IQuerySession query, TimeProvider time)
    {
        ApplicationSubmitted? submitted = null;
        var written = await commits.SaveAsync(context, async recording =>
        {
            var applicant = await personalData.RecordAsync(recording.Session, request.Applicant, CancellationToken.None);
            submitted = ApplicationDecisions.Decide(
                new SubmitApplication(Guid.CreateVersion7(), request.MatterCode, applicant, request.Materials, AccessTokens.ActorOf(user)), matter.Definition, time.GetUtcNow());
            recording.Session.Events.StartStream<Application>(submitted.ApplicationId, submitted);
            inForce.Assert(recording.Session, matter);
        });

        var location = "/api/applications/" + submitted!.ApplicationId;
        CommittedWrite.Mark(context, location);
        var status = await new CommittedViews(query, written).WrittenAsync<ApplicationStatus>(submitted.ApplicationId, context.RequestAborted);
        return Results.Created(location, new ApplicationCreated(submitted.ApplicationId, location, status));
    }
}
