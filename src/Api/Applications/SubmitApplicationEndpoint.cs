using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Rules;
using Ledger.Projections.Applications;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record SubmitApplicationRequest(string MatterCode, Applicant Applicant, IReadOnlyList<Material> Materials)
{
    public sealed class Validator : AbstractValidator<SubmitApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.MatterCode).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$")
                .WithMessage("A matter code is letters, digits, '.', '_' or '-'.");
            RuleFor(request => request.Applicant).NotNull().SetValidator(new ApplicantValidator());
            RuleFor(request => request.Materials).NotEmpty().WithMessage("An application lists at least one material.");
            RuleForEach(request => request.Materials).NotNull().SetValidator(new MaterialValidator());
        }
    }

    private sealed class ApplicantValidator : AbstractValidator<Applicant>
    {
        public ApplicantValidator()
        {
            RuleFor(applicant => applicant.Kind).IsInEnum();
            RuleFor(applicant => applicant.Name).NotEmpty().MaximumLength(200);
            RuleFor(applicant => applicant.IdentityNumber).NotEmpty().MaximumLength(64);
        }
    }
}

public sealed record ApplicationCreated(Guid Id, string Location, ApplicationStatus Status);

public static class SubmitApplicationEndpoint
{
    [WolverinePost("/api/applications", OperationId = "submitApplication")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Applications")]
    [EndpointSummary("Submit an application")]
    [EndpointDescription("Starts an application stream, judged against the matter's revision in force now. Citizens submit through the portal agency; an agency's counter may submit for an applicant.")]
    [ProducesResponseType<ApplicationCreated>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(SubmitApplicationRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        var command = new SubmitApplication(Guid.CreateVersion7(), request.MatterCode, request.Applicant, request.Materials, AccessTokens.ActorOf(user));
        await bus.InvokeAsync(command, cancellation);
        var location = "/api/applications/" + command.ApplicationId;
        var status = await session.LoadAsync<ApplicationStatus>(command.ApplicationId, cancellation);
        return Results.Created(location, new ApplicationCreated(command.ApplicationId, location, status!));
    }
}

public static class SubmitApplicationHandler
{
    public static async Task<IStartStream> Handle(SubmitApplication command, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var matter = await session.Events.FetchLatest<Matter>(StreamIds.ForMatter(command.MatterCode), cancellation)
            ?? throw new RuleBroken("matter-unknown", $"There is no matter {command.MatterCode} in the catalogue.");
        return MartenOps.StartStream<Application>(command.ApplicationId, ApplicationDecisions.Decide(command, matter, time.GetUtcNow()));
    }
}
