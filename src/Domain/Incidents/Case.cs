using System.Collections.Immutable;
using Ledger.Domain.Identity;

namespace Ledger.Domain.Incidents;

/// <summary>
/// Where a case is in the loop. The first seven follow one another in this order; <see cref="OnHold"/> interrupts
/// <see cref="InHandling"/>, and <see cref="NotRegistered"/> and <see cref="Merged"/> end a report before registration.
/// </summary>
public enum CaseStage
{
    Reported,
    AwaitingDispatch,
    Dispatched,
    InHandling,
    Handled,
    Verified,
    Closed,
    OnHold,
    NotRegistered,
    Merged,
}

/// <summary>The time limit a case is running against now, and when it lapses: the moment to schedule a check for.</summary>
public sealed record CaseDeadline(LimitKind Kind, DateTimeOffset Due);

/// <summary>The write-side state of one case stream, folded from its events by <see cref="Evolve"/>.</summary>
public sealed record Case(
    Guid Id,
    CaseSource Source,
    string CategoryCode,
    int CategoryRevision,
    CategoryDefinition Category,
    Severity Severity,
    CaseLocation Location,
    CaseStage Stage,
    DateTimeOffset ReportedAt)
{
    public Guid? OriginalCaseId { get; init; }

    public ImmutableArray<Guid> Duplicates { get; init; } = [];

    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>How many times the case was dispatched: the number of the current (or last) dispatch.</summary>
    public int Dispatches { get; init; }

    /// <summary>The department the case is dispatched to now (the lead in joint handling); null while it awaits dispatch.</summary>
    public string? Department { get; init; }

    public ImmutableArray<string> Supporting { get; init; } = [];

    public DateTimeOffset? DispatchedAt { get; init; }

    public DateTimeOffset? AcceptBy { get; init; }

    public DateTimeOffset? HandleBy { get; init; }

    public DateTimeOffset? VerifyBy { get; init; }

    /// <summary>When an overdue limit is chased again (督办): replaces the lapsed due until the deadline moves.</summary>
    public DateTimeOffset? ChaseBy { get; init; }

    public int? PendingExtensionDays { get; init; }

    public bool PendingHold { get; init; }

    public DateTimeOffset? HeldSince { get; init; }

    public Actor? HandledBy { get; init; }

    public DateTimeOffset? HandledAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The citizen's answer to the callback after the latest closing, if there was one.</summary>
    public Satisfaction? Callback { get; init; }

    public SupervisionLevel? Supervision { get; init; }

    public SeverityLimits Limits => Category.LimitsFor(Severity)!;

    public bool IsOpen => Stage is not (CaseStage.Reported or CaseStage.Closed or CaseStage.NotRegistered or CaseStage.Merged);

    /// <summary>The limit running now, or null when no clock runs (not yet dispatched, on hold, verified, closed).</summary>
    public CaseDeadline? CurrentDeadline => Stage switch
    {
        CaseStage.Dispatched => new CaseDeadline(LimitKind.Acceptance, ChaseBy ?? AcceptBy!.Value),
        CaseStage.InHandling => new CaseDeadline(LimitKind.Handling, ChaseBy ?? HandleBy!.Value),
        CaseStage.Handled => new CaseDeadline(LimitKind.Verification, ChaseBy ?? VerifyBy!.Value),
        _ => null,
    };

    /// <summary>
    /// The fold: the state after one more event. Events this state does not depend on leave it as it was, so new event
    /// types never break old streams.
    /// </summary>
    public static Case? Evolve(Case? state, object @event) => state is null
        ? @event is CaseReported reported ? Reported(reported) : null
        : @event switch
        {
            CaseRegistered registered => state with { Stage = CaseStage.AwaitingDispatch, RegisteredAt = registered.At },
            CaseNotRegistered => state with { Stage = CaseStage.NotRegistered },
            CaseMerged merged => state with { Stage = CaseStage.Merged, OriginalCaseId = merged.OriginalCaseId },
            DuplicateCaseNoted noted => state with { Duplicates = state.Duplicates.Add(noted.DuplicateCaseId) },
            CaseDispatched dispatched => state.Reset() with
            {
                Stage = CaseStage.Dispatched,
                Dispatches = dispatched.Dispatch,
                Department = dispatched.Department,
                DispatchedAt = dispatched.At,
                AcceptBy = dispatched.AcceptBy,
            },
            CaseAccepted accepted => state with { Stage = CaseStage.InHandling, HandleBy = accepted.HandleBy, ChaseBy = null },
            CaseReturned => state.Reset() with { Stage = CaseStage.AwaitingDispatch },
            JointHandlingArranged joint => state with { Supporting = [.. joint.Supporting] },
            _ => Handling(state, @event),
        };

    private static Case Reported(CaseReported reported) => new(
        reported.CaseId, reported.Source, reported.CategoryCode, reported.CategoryRevision, reported.Category, reported.Severity, reported.Location,
        CaseStage.Reported, reported.At);

    private static Case Handling(Case state, object @event) => @event switch
    {
        ExtensionRequested requested => state with { PendingExtensionDays = requested.ExtraWorkingDays },
        ExtensionApproved approved => state with { PendingExtensionDays = null, HandleBy = approved.HandleBy, ChaseBy = null },
        ExtensionRefused => state with { PendingExtensionDays = null },
        HoldRequested => state with { PendingHold = true },
        HoldApproved approved => state with { Stage = CaseStage.OnHold, PendingHold = false, HeldSince = approved.At, ChaseBy = null },
        HoldRefused => state with { PendingHold = false },
        CaseResumed resumed => state with { Stage = CaseStage.InHandling, HeldSince = null, HandleBy = resumed.HandleBy },
        CaseHandled handled => state with
        {
            Stage = CaseStage.Handled,
            HandledBy = handled.By,
            HandledAt = handled.At,
            VerifyBy = handled.VerifyBy,
            ChaseBy = null,
            PendingExtensionDays = null,
            PendingHold = false,
        },
        VerificationPassed => state with { Stage = CaseStage.Verified, ChaseBy = null },
        VerificationFailed failed => state with { Stage = CaseStage.InHandling, HandleBy = failed.HandleBy, ChaseBy = null },
        _ => Closing(state, @event),
    };

    private static Case Closing(Case state, object @event) => @event switch
    {
        CaseClosed closed => state with { Stage = CaseStage.Closed, ClosedAt = closed.At, Callback = null },
        CallbackRecorded callback => state with { Callback = callback.Satisfaction },
        CaseReopened => state.Reset() with { Stage = CaseStage.AwaitingDispatch, ClosedAt = null },
        CaseOverdue overdue => state with { Supervision = overdue.Level, ChaseBy = overdue.NextDue },
        CaseSupervised supervised => state with { Supervision = supervised.Level },
        _ => state,
    };

    /// <summary>Between dispatches: nothing of the last dispatch's clocks, requests or handling carries over.</summary>
    private Case Reset() => this with
    {
        Department = null,
        Supporting = [],
        DispatchedAt = null,
        AcceptBy = null,
        HandleBy = null,
        VerifyBy = null,
        ChaseBy = null,
        PendingExtensionDays = null,
        PendingHold = false,
        HeldSince = null,
        HandledBy = null,
        HandledAt = null,
    };
}
