using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record RequestSupplementRequest(long Version, IReadOnlyList<string> MissingMaterials, string Note)
{
    public sealed class Validator : AbstractValidator<RequestSupplementRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.MissingMaterials).NotEmpty().MaxItems(MaterialValidator.MaxPerRequest);
            RuleForEach(request => request.MissingMaterials).NotEmpty().MaximumLength(200);
            RuleFor(request => request.Note).MaximumLength(1000);
        }
    }
}

public static class RequestSupplementEndpoint
{
    [WolverinePost("/api/applications/{id}/supplement-requests", OperationId = "requestSupplement")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Request supplementary materials (补正)")]
    [EndpointDescription("The lead agency asks the applicant for missing materials before acceptance; any number of rounds.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<ApplicationStatus>, Events) Post(RequestSupplementRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<ApplicationStatus>(), [ApplicationDecisions.Decide(application, new RequestSupplement(application.Id, request.Version, request.MissingMaterials, request.Note ?? string.Empty, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
