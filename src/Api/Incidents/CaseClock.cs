using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Incidents;

/// <summary>
/// Whenever a command changes the limit a case runs against (dispatch, acceptance, extension, resumption, handling, a lapse),
/// a <see cref="CheckCaseDeadline"/> for the new deadline is scheduled: a durable Wolverine message, stored in PostgreSQL in
/// the same transaction as the events, so it survives a restart and runs once. A check whose deadline the case no longer has
/// (the case moved on, was extended, put on hold or closed) decides nothing.
/// </summary>
public static class CaseClock
{
    public static OutgoingMessages ChecksAfter(Case before, IEnumerable<object> decided)
    {
        var after = decided.Aggregate((Case?)before, Case.Evolve);
        var checks = new OutgoingMessages();
        if (after?.CurrentDeadline is { } deadline && deadline != before.CurrentDeadline)
        {
            checks.Schedule(new CheckCaseDeadline(before.Id, deadline.Kind, deadline.Due), deadline.Due);
        }

        return checks;
    }
}

public static class CheckCaseDeadlineHandler
{
    /// <summary>
    /// Marks the case overdue and escalates its supervision if the limit is still the case's current one, and schedules the
    /// next check for when the chased case lapses again. A check that arrives before its deadline by this node's clock is
    /// scheduled again for the deadline rather than dropped.
    /// </summary>
    [AggregateHandler]
    public static (Events, OutgoingMessages) Handle(CheckCaseDeadline command, Case @case, WorkingCalendar calendar, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (now < command.Due && @case.CurrentDeadline == new CaseDeadline(command.Kind, command.Due))
        {
            var again = new OutgoingMessages();
            again.Schedule(command, command.Due);
            return ([], again);
        }

        var decided = CaseDecisions.Decide(@case, command, calendar, now);
        return ([.. decided], CaseClock.ChecksAfter(@case, decided));
    }
}
