using Ledger.Domain.Applications;
using Ledger.Domain.Calendar;
using Ledger.Projections.Applications;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record AcceptApplicationRequest(long Version)
{
    public sealed class Validator : AbstractValidator<AcceptApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
        }
    }
}

/// <summary>
/// Besides the events, a deadline check is scheduled for the due time. It is a durable Wolverine message stored in
/// PostgreSQL with the events, in the same transaction, so it fires even if the host restarts in between.
/// </summary>
public static class AcceptApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/acceptance", OperationId = "acceptApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Accept an application (受理)")]
    [EndpointDescription("The lead agency accepts: the promised time limit starts (working days under the configured calendar), and approval is requested from the lead agency and every co-approver at once.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<ApplicationStatus>, Events, OutgoingMessages) Post(
        AcceptApplicationRequest request,
        [WriteAggregate] Application application,
        ClaimsPrincipal user,
        WorkingCalendar calendar,
        TimeProvider time)
    {
        var decided = ApplicationDecisions.Decide(application, new AcceptApplication(application.Id, request.Version, AccessTokens.ActorOf(user)), calendar, time.GetUtcNow());
        var accepted = decided.OfType<ApplicationAccepted>().Single();
        var deadline = new OutgoingMessages();
        deadline.Schedule(new CheckApplicationDeadline(application.Id), accepted.DueAt);
        return (new UpdatedView<ApplicationStatus>(), [.. decided], deadline);
    }
}

public static class CheckApplicationDeadlineHandler
{
    /// <summary>
    /// Marks the application overdue if it is still open at its deadline. Should the check arrive before the deadline by
    /// this node's clock (clocks of nodes differ), it is scheduled again for the deadline rather than dropped.
    /// </summary>
    [AggregateHandler]
    public static (Events, OutgoingMessages) Handle(CheckApplicationDeadline command, Application application, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var again = new OutgoingMessages();
        if (application is { IsOpen: true, Overdue: false, DueAt: { } dueAt } && now < dueAt)
        {
            again.Schedule(command, dueAt);
        }

        return ([.. ApplicationDecisions.Decide(application, command, now)], again);
    }
}
