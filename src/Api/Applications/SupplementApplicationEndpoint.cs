using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record SupplementApplicationRequest(long Version, IReadOnlyList<Material> Materials)
{
    public sealed class Validator : AbstractValidator<SupplementApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
            RuleFor(request => request.Materials).NotEmpty().MaxItems(MaterialValidator.MaxPerRequest);
            RuleForEach(request => request.Materials).NotNull().SetValidator(new MaterialValidator());
        }
    }
}

public static class SupplementApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/supplements", OperationId = "supplementApplication")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Applications")]
    [EndpointSummary("Supplement an application")]
    [EndpointDescription("The applicant, through the agency where it applied, hands in the materials asked for; the application awaits acceptance again.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<ApplicationStatus>, Events) Post(SupplementApplicationRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<ApplicationStatus>(), [ApplicationDecisions.Decide(application, new SupplementApplication(application.Id, request.Version, request.Materials, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
