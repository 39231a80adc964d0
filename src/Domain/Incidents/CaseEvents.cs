using System.Text.Json.Serialization;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Incidents;

/// <summary>Every event of a case stream: which case, and when.</summary>
public interface ICaseEvent
{
    Guid CaseId { get; }

    DateTimeOffset At { get; }
}

public enum CaseSource
{
    GridInspector,
    Hotline12345,
    IotSensor,
    Camera,
    Referral,
}

public enum LimitKind
{
    Acceptance,
    Handling,
    Verification,
}

/// <summary>Who chases an overdue case (督办): the district's command centre first, then the city's.</summary>
public enum SupervisionLevel
{
    District,
    City,
}

public enum VerificationResult
{
    Passed,
    Failed,
}

public enum Satisfaction
{
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// <param name="Category">The category as it stood at <paramref name="CategoryRevision"/>: the case is dispatched and timed by it, whatever later revisions say.</param>
/// <param name="Attachments">Photos and recordings, by SHA-256 (lower-case hex).</param>
/// <param name="Reporter">Who reported it: an enterprise in the clear, a person by sealed references only; null when anonymous.</param>
public sealed record CaseReported(
    Guid CaseId,
    CaseSource Source,
    string CategoryCode,
    int CategoryRevision,
    CategoryDefinition Category,
    Severity Severity,
    CaseLocation Location,
    string Description,
    IReadOnlyList<string> Attachments,
    PartyOnRecord? Reporter,
    Actor By,
    DateTimeOffset At) : ICaseEvent, IDoneBy
{
    /// <summary>The address the reporter gave in their own words, by a sealed reference (it may be their home: the value is in the vault); null when none was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Recorded? GivenAddress { get; init; }
}

/// <summary>立案: the command centre found the report valid and the city's business.</summary>
public sealed record CaseRegistered(Guid CaseId, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>不予立案: the report is invalid or not the city's business. Terminal.</summary>
public sealed record CaseNotRegistered(Guid CaseId, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>The report repeats an open case and is folded into it. Terminal for this case.</summary>
public sealed record CaseMerged(Guid CaseId, Guid OriginalCaseId, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>Appended to the original case's stream when a duplicate report is merged into it.</summary>
public sealed record DuplicateCaseNoted(Guid CaseId, Guid DuplicateCaseId, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>派遣 (and, after a return or a reopening, 改派): the <paramref name="Dispatch"/>th dispatch, counted from 1.</summary>
public sealed record CaseDispatched(Guid CaseId, int Dispatch, string Department, DateTimeOffset AcceptBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>签收: the department takes the case on; the handling clock starts.</summary>
public sealed record CaseAccepted(Guid CaseId, int Dispatch, string Department, DateTimeOffset HandleBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>回退: the department says the case is not theirs; it waits for the centre to dispatch it again.</summary>
public sealed record CaseReturned(Guid CaseId, int Dispatch, string Department, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>联勤联动: the lead (the dispatched department, which answers for the case) with departments supporting it.</summary>
public sealed record JointHandlingArranged(Guid CaseId, int Dispatch, string Lead, IReadOnlyList<string> Supporting, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

public sealed record ExtensionRequested(Guid CaseId, int Dispatch, string Department, string Reason, int ExtraWorkingDays, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

public sealed record ExtensionApproved(Guid CaseId, int ExtraWorkingDays, DateTimeOffset HandleBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

public sealed record ExtensionRefused(Guid CaseId, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>挂账 asked for: long-term or seasonal work that cannot be finished within the limit.</summary>
public sealed record HoldRequested(Guid CaseId, int Dispatch, string Department, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>The case is on hold: its clock stops until <see cref="CaseResumed"/>.</summary>
public sealed record HoldApproved(Guid CaseId, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

public sealed record HoldRefused(Guid CaseId, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <param name="WorkingTimeOnHold">The working time the case spent on hold, by which its handling deadline moved on.</param>
public sealed record CaseResumed(Guid CaseId, TimeSpan WorkingTimeOnHold, DateTimeOffset HandleBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>处置反馈: the department reports what it did; the verification clock starts.</summary>
/// <param name="Evidence">Photos and documents, by SHA-256 (lower-case hex).</param>
public sealed record CaseHandled(Guid CaseId, int Dispatch, string Department, string Result, IReadOnlyList<string> Evidence, DateTimeOffset VerifyBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>核查 passed: an inspector found on site that the problem is solved; the case may be closed.</summary>
public sealed record VerificationPassed(Guid CaseId, string Note, IReadOnlyList<string> Evidence, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>核查 failed: the problem is still there; the same department handles it again by <paramref name="HandleBy"/>.</summary>
public sealed record VerificationFailed(Guid CaseId, int Dispatch, string Department, string Note, IReadOnlyList<string> Evidence, DateTimeOffset HandleBy, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>结案.</summary>
public sealed record CaseClosed(Guid CaseId, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>回访: the hotline asked the citizen who called whether they are satisfied.</summary>
public sealed record CallbackRecorded(Guid CaseId, Satisfaction Satisfaction, string Note, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>The closed case is open again, awaiting dispatch.</summary>
public sealed record CaseReopened(Guid CaseId, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;

/// <summary>
/// A time limit lapsed while it was still the case's current one: the case is overdue, supervised (督办) one level higher,
/// and chased again by <paramref name="NextDue"/> (the same limit, counted from the lapse). Decided by the clock, not by an officer.
/// </summary>
public sealed record CaseOverdue(Guid CaseId, LimitKind Kind, DateTimeOffset Due, SupervisionLevel Level, DateTimeOffset NextDue, DateTimeOffset At) : ICaseEvent;

/// <summary>督办 by the centre's own decision, escalating one level.</summary>
public sealed record CaseSupervised(Guid CaseId, SupervisionLevel Level, string Reason, Actor By, DateTimeOffset At) : ICaseEvent, IDoneBy;
