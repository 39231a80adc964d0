using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record CompleteApplicationRequest(long Version)
{
    public sealed class Validator : AbstractValidator<CompleteApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
        }
    }
}

/// <summary>A completed part of a bundle asks its bundle to check whether every part is now complete.</summary>
public static class CompleteApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/completion", OperationId = "completeApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Complete a decided application (办结)")]
    [EndpointDescription("The lead agency closes an approved or denied application.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<ApplicationStatus>, Events, OutgoingMessages) Post(CompleteApplicationRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time)
    {
        var bundle = new OutgoingMessages();
        if (application.BundleId is { } bundleId)
        {
            bundle.Add(new Ledger.Domain.Bundles.CheckBundleCompletion(bundleId));
        }

        return (new UpdatedView<ApplicationStatus>(), [ApplicationDecisions.Decide(application, new CompleteApplication(application.Id, request.Version, AccessTokens.ActorOf(user)), time.GetUtcNow())], bundle);
    }
}
