using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Applications;

public sealed record WithdrawApplicationRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<WithdrawApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

public static class WithdrawApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/withdrawal", OperationId = "withdrawApplication")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Applications")]
    [EndpointSummary("Withdraw an application")]
    [EndpointDescription("The applicant, through the agency where it applied, withdraws the application any time before a decision. A person's reason is their own words: it goes to the vault, sealed under their subject.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid id, WithdrawApplicationRequest request, ClaimsPrincipal user, IDocumentSession session, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        if (await session.Events.FetchStreamStateAsync(id, cancellation) is null)
        {
            return ApplicationCommands.NotFound(id);
        }

        var stream = await session.Events.FetchForWriting<Application>(id, request.Version, cancellation);
        var actor = AccessTokens.ActorOf(user);
        ApplicationDecisions.MayWithdraw(stream.Aggregate!, actor);
        var reason = await personalData.RecordTextAsync(session, stream.Aggregate!.Applicant, "withdrawalReason", request.Reason, cancellation);
        stream.AppendOne(ApplicationDecisions.Decide(stream.Aggregate, new WithdrawApplication(id, request.Version, reason, actor), time.GetUtcNow()));
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(await session.LoadAsync<ApplicationStatus>(id, cancellation));
    }
}
