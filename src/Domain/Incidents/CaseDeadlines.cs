using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;

namespace Ledger.Domain.Incidents;

/// <summary>Scheduled for a case's <see cref="Case.CurrentDeadline"/>: when it arrives, is that limit still running and unmet?</summary>
public sealed record CheckCaseDeadline(Guid CaseId, LimitKind Kind, DateTimeOffset Due);

/// <summary>督办 by the centre's own decision.</summary>
public sealed record SuperviseCase(Guid CaseId, long Version, string Reason, Actor By);

public static partial class CaseDecisions
{
    /// <summary>
    /// Nothing when the limit was met, or moved (extension, hold, re-dispatch, a later stage), or the case is on hold or
    /// closed: then the check is about a deadline the case no longer has. Otherwise the case is overdue, supervised one
    /// level higher, and chased again by the same limit counted from the lapse.
    /// </summary>
    public static IReadOnlyList<object> Decide(Case @case, CheckCaseDeadline command, WorkingCalendar calendar, DateTimeOffset now)
    {
        var lapsed = new CaseDeadline(command.Kind, command.Due);
        if (@case.CurrentDeadline != lapsed || now < command.Due)
        {
            return [];
        }

        var limit = command.Kind switch
        {
            LimitKind.Acceptance => @case.Limits.Acceptance,
            LimitKind.Handling => @case.Limits.Handling,
            _ => @case.Limits.Verification,
        };
        return [new CaseOverdue(@case.Id, command.Kind, command.Due, Escalated(@case.Supervision), calendar.Deadline(command.Due, limit), now)];
    }

    public static CaseSupervised Decide(Case @case, SuperviseCase command, DateTimeOffset now)
    {
        if (!@case.IsOpen)
        {
            InStage(@case, CaseStage.InHandling);
        }

        Stated(command.Reason, "reason");
        return new CaseSupervised(@case.Id, Escalated(@case.Supervision), command.Reason, command.By, now);
    }

    private static SupervisionLevel Escalated(SupervisionLevel? level) => level is null ? SupervisionLevel.District : SupervisionLevel.City;
}
