using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
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
    [EndpointDescription("The applicant, through the agency where it applied, withdraws the application any time before a decision. A person's reason is their own words: it goes to the vault, sealed under their subject.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static async Task<(UpdatedView<ApplicationStatus>, Events)> Post(
        WithdrawApplicationRequest request, [WriteAggregate] Application application, ClaimsPrincipal user, IDocumentSession session, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        var actor = AccessTokens.ActorOf(user);
        ApplicationDecisions.MayWithdraw(application, actor);
        var reason = await personalData.RecordTextAsync(session, application.Applicant, "withdrawalReason", request.Reason, cancellation);
        return (new UpdatedView<ApplicationStatus>(), [ApplicationDecisions.Decide(application, new WithdrawApplication(application.Id, request.Version, reason, actor), time.GetUtcNow())]);
    }
}
