using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

/// <param name="Evidence">Photos taken on site, by SHA-256 (hex).</param>
public sealed record VerifyCase(Guid CaseId, long Version, VerificationResult Result, string Note, IReadOnlyList<string> Evidence, Actor By);

public sealed record CloseCase(Guid CaseId, long Version, Actor By);

public sealed record RecordCallback(Guid CaseId, long Version, Satisfaction Satisfaction, string Note, Actor By);

public sealed record ReopenCase(Guid CaseId, long Version, string Reason, Actor By);

public static partial class CaseDecisions
{
    /// <summary>核查 on site by someone other than whoever reported the case handled. A failure sends it back to the same department.</summary>
    public static object Decide(Case @case, VerifyCase command, WorkingCalendar calendar, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Handled);
        if (command.By == @case.HandledBy)
        {
            throw new RuleBroken("inspector-is-handler", $"{command.By.Officer} of {command.By.Agency} reported case {@case.Id} handled and cannot verify it too.");
        }

        var evidence = Hashes(command.Evidence);
        return command.Result == VerificationResult.Passed
            ? new VerificationPassed(@case.Id, command.Note, evidence, command.By, now)
            : new VerificationFailed(
                @case.Id, @case.Dispatches, @case.Department!, command.Note, evidence, calendar.Deadline(now, @case.Limits.Handling), command.By, now);
    }

    public static CaseClosed Decide(Case @case, CloseCase command, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Verified);
        return new CaseClosed(@case.Id, command.By, now);
    }

    /// <summary>
    /// 回访, for hotline cases once after each closing. A dissatisfied citizen within <paramref name="reopenWindow"/> of the
    /// closing reopens the case; later, the answer is recorded and the case stays closed.
    /// </summary>
    public static IReadOnlyList<object> Decide(Case @case, RecordCallback command, WorkingCalendar calendar, TimeLimit reopenWindow, DateTimeOffset now)
    {
        if (@case.Source != CaseSource.Hotline12345)
        {
            throw new RuleBroken("not-a-hotline-case", $"Case {@case.Id} came from {@case.Source}; only 12345 hotline cases get a callback.");
        }

        InStage(@case, CaseStage.Closed);
        if (@case.Callback is not null)
        {
            throw new RuleBroken("callback-already-recorded", $"The citizen was already called back about case {@case.Id} since it was closed.");
        }

        var callback = new CallbackRecorded(@case.Id, command.Satisfaction, command.Note, command.By, now);
        return command.Satisfaction == Satisfaction.Dissatisfied && now <= calendar.Deadline(@case.ClosedAt!.Value, reopenWindow)
            ? [callback, new CaseReopened(@case.Id, "回访不满意: " + command.Note, command.By, now)]
            : [callback];
    }

    /// <summary>The centre reopens a closed case (the problem came back, or a complaint followed) within <paramref name="reopenWindow"/> of its closing.</summary>
    public static CaseReopened Decide(Case @case, ReopenCase command, WorkingCalendar calendar, TimeLimit reopenWindow, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Closed);
        Stated(command.Reason, "reason");
        var windowEnds = calendar.Deadline(@case.ClosedAt!.Value, reopenWindow);
        if (now > windowEnds)
        {
            throw new RuleBroken("reopen-window-passed", $"Case {@case.Id} could be reopened until {windowEnds:O}, {reopenWindow} after it was closed.");
        }

        return new CaseReopened(@case.Id, command.Reason, command.By, now);
    }
}
