using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

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
    [EndpointDescription("The applicant, through the agency where it applied, withdraws the application any time before a decision.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, WithdrawApplicationRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        ApplicationCommands.Send(id, new WithdrawApplication(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class WithdrawApplicationHandler
{
    [AggregateHandler]
    public static ApplicationWithdrawn Handle(WithdrawApplication command, Application application, TimeProvider time) =>
        ApplicationDecisions.Decide(application, command, time.GetUtcNow());
}
