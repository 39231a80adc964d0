using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record RejectApplicationRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<RejectApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

public static class RejectApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/rejection", OperationId = "rejectApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Do not accept an application (不予受理)")]
    [EndpointDescription("The lead agency refuses to accept the application, with its reason.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<ApplicationStatus>, Events) Post(RejectApplicationRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<ApplicationStatus>(), [ApplicationDecisions.Decide(application, new RejectApplication(application.Id, request.Version, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
