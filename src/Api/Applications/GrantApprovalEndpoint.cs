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

public sealed record GrantApprovalRequest(long Version, string Opinion)
{
    public sealed class Validator : AbstractValidator<GrantApprovalRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Opinion).MaximumLength(1000);
        }
    }
}

public static class GrantApprovalEndpoint
{
    [WolverinePost("/api/applications/{id}/approvals", OperationId = "grantApproval")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Grant approval for the calling agency")]
    [EndpointDescription("One of the agencies named on the matter grants its approval; when the last one does, the application is approved.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, GrantApprovalRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        ApplicationCommands.Send(id, new GrantApproval(id, request.Version, request.Opinion ?? string.Empty, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class GrantApprovalHandler
{
    [AggregateHandler]
    public static IEnumerable<object> Handle(GrantApproval command, Application application, TimeProvider time) =>
        ApplicationDecisions.Decide(application, command, time.GetUtcNow());
}
