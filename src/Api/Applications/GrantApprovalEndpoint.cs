using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
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
    public static (UpdatedView<ApplicationStatus>, Events) Post(GrantApprovalRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<ApplicationStatus>(), [.. ApplicationDecisions.Decide(application, new GrantApproval(application.Id, request.Version, request.Opinion ?? string.Empty, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
