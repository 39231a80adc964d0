using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Incidents;

/// <param name="Event">The event's catalogue name, e.g. case_dispatched.v1.</param>
/// <param name="Position">The event's global position: its leaf in the log, for an inclusion proof.</param>
public sealed record CaseTimelineEntry(string Event, DateTimeOffset At, string? Agency, string? Officer, string? Note, long Position);

/// <summary>
/// A case as the command centre, its department and the public see it: the write model's state (<see cref="Case"/>, folded
/// by Domain's own <see cref="Case.Evolve"/>), what the state leaves out (description, attachments, counts of returns,
/// extensions and reopenings), and the timeline. Kept inline with the events. The reporter is not here: only whether the
/// report was anonymous.
/// </summary>
public sealed record CaseStatus(Guid Id, Case Case, string Description, IReadOnlyList<string> Attachments, bool Anonymous)
{
    public string Stage => Case.Stage.ToString();

    /// <summary>The department the case is with now (the lead in joint handling), for department boards.</summary>
    public string? Department => Case.Department;

    public string District => Case.Location.District;

    public string CategoryCode => Case.CategoryCode;

    /// <summary>The limit running now and when it lapses (after a lapse, when the case is chased again), or null.</summary>
    public CaseDeadline? CurrentDeadline => Case.CurrentDeadline;

    /// <summary>A limit lapsed and the case is being chased (督办) until its deadline moves.</summary>
    public bool Overdue => Case.ChaseBy is not null;

    /// <summary>Every department that returned the case (回退), in order.</summary>
    public IReadOnlyList<string> ReturnedBy { get; init; } = [];

    public int Extensions { get; init; }

    public int Reopenings { get; init; }

    public int Lapses { get; init; }

    public IReadOnlyList<CaseTimelineEntry> Timeline { get; init; } = [];

    public DateTimeOffset LastEventAt { get; init; }

    /// <summary>The global position of the case's latest event: its leaf, once logged.</summary>
    public long LastPosition { get; init; }

    public long Version { get; init; }
}

public sealed class CaseStatusProjection : SingleStreamProjection<CaseStatus, Guid>
{
    /// <summary>
    /// Only case events: <see cref="Evolve"/> takes any event, and without an allow-list Marten would look up a case
    /// status row for every stream a command writes to (an application's acceptance, a certificate's issue).
    /// </summary>
    public CaseStatusProjection()
    {
        foreach (var type in EventCatalogue.Names.Keys.Where(type => type.IsAssignableTo(typeof(ICaseEvent))))
        {
            IncludeType(type);
        }
    }

    public override CaseStatus? Evolve(CaseStatus? snapshot, Guid id, IEvent e)
    {
        var state = Case.Evolve(snapshot?.Case, e.Data);
        if (state is null || e.Data is not ICaseEvent @event)
        {
            return snapshot;
        }

        var status = snapshot is null
            ? e.Data is CaseReported reported ? new CaseStatus(id, state, reported.Description, reported.Attachments, reported.Reporter is null) : null
            : snapshot with { Case = state };
        if (status is null)
        {
            return null;
        }

        return Counted(status, e.Data) with
        {
            Timeline = [.. status.Timeline, Entry(e, @event)],
            LastEventAt = @event.At,
            LastPosition = e.Sequence,
            Version = e.Version,
        };
    }

    private static CaseStatus Counted(CaseStatus status, object @event) => @event switch
    {
        CaseReturned returned => status with { ReturnedBy = [.. status.ReturnedBy, returned.Department] },
        ExtensionApproved => status with { Extensions = status.Extensions + 1 },
        CaseReopened => status with { Reopenings = status.Reopenings + 1 },
        CaseOverdue => status with { Lapses = status.Lapses + 1 },
        _ => status,
    };

    private static CaseTimelineEntry Entry(IEvent e, ICaseEvent @event)
    {
        var by = (e.Data as IDoneBy)?.By;
        return new CaseTimelineEntry(EventCatalogue.Names[e.Data.GetType()], @event.At, by?.Agency, by?.Officer, Note(e.Data), e.Sequence);
    }

    private static string? Note(object @event) => @event switch
    {
        CaseNotRegistered rejected => rejected.Reason,
        CaseMerged merged => "duplicate of " + merged.OriginalCaseId,
        DuplicateCaseNoted noted => "duplicate " + noted.DuplicateCaseId,
        CaseDispatched dispatched => $"dispatch {dispatched.Dispatch} to {dispatched.Department}, accept by {dispatched.AcceptBy:u}",
        CaseAccepted accepted => $"handle by {accepted.HandleBy:u}",
        CaseReturned returned => returned.Reason,
        JointHandlingArranged joint => $"lead {joint.Lead}, supporting {string.Join(", ", joint.Supporting)}",
        ExtensionRequested requested => $"{requested.ExtraWorkingDays} working day(s): {requested.Reason}",
        ExtensionApproved approved => $"handle by {approved.HandleBy:u}",
        ExtensionRefused refused => refused.Reason,
        HoldRequested held => held.Reason,
        HoldRefused refused => refused.Reason,
        CaseResumed resumed => $"handle by {resumed.HandleBy:u}",
        CaseHandled handled => handled.Result,
        VerificationPassed passed => passed.Note,
        VerificationFailed failed => failed.Note,
        CallbackRecorded callback => callback.Satisfaction.ToString(),
        CaseReopened reopened => reopened.Reason,
        CaseOverdue overdue => $"{overdue.Kind} limit of {overdue.Due:u} passed; supervised at {overdue.Level} level until {overdue.NextDue:u}",
        CaseSupervised supervised => $"{supervised.Level}: {supervised.Reason}",
        _ => null,
    };
}
