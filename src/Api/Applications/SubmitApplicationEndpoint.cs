using Ledger.Api.Matters;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Rules;
using Ledger.Projections.Applications;
using Marten;
using Wolverine.Marten;

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

public static class SubmitApplicationEndpoint
{
    public static async Task<Matter> LoadAsync(SubmitApplicationRequest request, IDocumentSession session, StreamsInForce inForce, CancellationToken cancellation) =>
        await inForce.MatterAsync(session, request.MatterCode, cancellation)
            ?? throw new RuleBroken("matter-unknown", $"There is no matter {request.MatterCode} in the catalogue.");

    [WolverinePost("/api/applications", OperationId = "submitApplication")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Applications")]
    [EndpointSummary("Submit an application")]
    [EndpointDescription("Starts an application stream, judged against the matter's revision in force now. Citizens submit through the portal agency; an agency's counter may submit for an applicant. A person's name, identity number and phone go to the vault; the event holds their subject and salted commitments (specs/privacy.md).")]
    [ProducesResponseType<ApplicationCreated>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(CreatedView<ApplicationCreated>, IStartStream)> Post(
        SubmitApplicationRequest request, Matter matter, ClaimsPrincipal user, IDocumentSession session, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        var applicant = await personalData.RecordAsync(session, request.Applicant, cancellation);
        var submitted = ApplicationDecisions.Decide(
            new SubmitApplication(Guid.CreateVersion7(), request.MatterCode, applicant, request.Materials, AccessTokens.ActorOf(user)), matter, time.GetUtcNow());
        var location = "/api/applications/" + submitted.ApplicationId;
        return (new CreatedView<ApplicationCreated>(location, async (query, cancel) =>
                await query.LoadAsync<ApplicationStatus>(submitted.ApplicationId, cancel) is { } status ? new ApplicationCreated(submitted.ApplicationId, location, status) : null),
            MartenOps.StartStream<Application>(submitted.ApplicationId, submitted));
    }
}
