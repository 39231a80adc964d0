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

public sealed record DenyApprovalRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<DenyApprovalRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

public static class DenyApprovalEndpoint
{
    [WolverinePost("/api/applications/{id}/denials", OperationId = "denyApproval")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Deny approval for the calling agency")]
    [EndpointDescription("One of the agencies named on the matter denies, with its reason; one denial decides the application as denied.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, DenyApprovalRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        ApplicationCommands.Send(id, new DenyApproval(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class DenyApprovalHandler
{
    [AggregateHandler]
    public static IEnumerable<object> Handle(DenyApproval command, Application application, TimeProvider time) =>
        ApplicationDecisions.Decide(application, command, time.GetUtcNow());
}
