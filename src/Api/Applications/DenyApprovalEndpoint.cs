using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
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
    public static (UpdatedView<ApplicationStatus>, Events) Post(DenyApprovalRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<ApplicationStatus>(), [.. ApplicationDecisions.Decide(application, new DenyApproval(application.Id, request.Version, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
