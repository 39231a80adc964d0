using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

public sealed record RequestExtension(Guid CaseId, long Version, string Reason, int ExtraWorkingDays, Actor By);

public sealed record ApproveExtension(Guid CaseId, long Version, Actor By);

public sealed record RefuseExtension(Guid CaseId, long Version, string Reason, Actor By);

public sealed record RequestHold(Guid CaseId, long Version, string Reason, Actor By);

public sealed record ApproveHold(Guid CaseId, long Version, Actor By);

public sealed record RefuseHold(Guid CaseId, long Version, string Reason, Actor By);

public sealed record ResumeCase(Guid CaseId, long Version, Actor By);

/// <param name="Evidence">Photos and documents of the work done, by SHA-256 (hex).</param>
public sealed record ReportHandling(Guid CaseId, long Version, string Result, IReadOnlyList<string> Evidence, Actor By);

public static partial class CaseDecisions
{
    /// <summary>The longest extension one request may ask for.</summary>
    public const int MaxExtensionWorkingDays = 10;

    public static ExtensionRequested Decide(Case @case, RequestExtension command, DateTimeOffset now)
    {
        InStage(@case, CaseStage.InHandling);
        var department = ByDepartment(@case, command.By);
        if (@case.PendingExtensionDays is not null)
        {
            throw new RuleBroken("extension-already-requested", $"An extension of case {@case.Id} awaits the centre's answer.");
        }

        if (command.ExtraWorkingDays is < 1 or > MaxExtensionWorkingDays)
        {
            throw new RuleBroken("extension-days-invalid", $"An extension is 1 to {MaxExtensionWorkingDays} working days, not {command.ExtraWorkingDays}.");
        }

        Stated(command.Reason, "reason");
        return new ExtensionRequested(@case.Id, @case.Dispatches, department, command.Reason, command.ExtraWorkingDays, command.By, now);
    }

    /// <summary>The handling deadline moves on by the working days asked for, counted from the deadline it replaces.</summary>
    public static ExtensionApproved Decide(Case @case, ApproveExtension command, WorkingCalendar calendar, DateTimeOffset now)
    {
        var days = ExtensionPending(@case);
        return new ExtensionApproved(@case.Id, days, calendar.Deadline(@case.HandleBy!.Value, TimeLimit.Days(days)), command.By, now);
    }

    public static ExtensionRefused Decide(Case @case, RefuseExtension command, DateTimeOffset now)
    {
        ExtensionPending(@case);
        Stated(command.Reason, "reason");
        return new ExtensionRefused(@case.Id, command.Reason, command.By, now);
    }

    public static HoldRequested Decide(Case @case, RequestHold command, DateTimeOffset now)
    {
        InStage(@case, CaseStage.InHandling);
        var department = ByDepartment(@case, command.By);
        if (@case.PendingHold)
        {
            throw new RuleBroken("hold-already-requested", $"A hold of case {@case.Id} awaits the centre's answer.");
        }

        Stated(command.Reason, "reason");
        return new HoldRequested(@case.Id, @case.Dispatches, department, command.Reason, command.By, now);
    }

    public static HoldApproved Decide(Case @case, ApproveHold command, DateTimeOffset now)
    {
        HoldPending(@case);
        return new HoldApproved(@case.Id, command.By, now);
    }

    public static HoldRefused Decide(Case @case, RefuseHold command, DateTimeOffset now)
    {
        HoldPending(@case);
        Stated(command.Reason, "reason");
        return new HoldRefused(@case.Id, command.Reason, command.By, now);
    }

    /// <summary>The clock runs again; the handling deadline moves on by the working time the case spent on hold.</summary>
    public static CaseResumed Decide(Case @case, ResumeCase command, WorkingCalendar calendar, DateTimeOffset now)
    {
        InStage(@case, CaseStage.OnHold);
        var onHold = calendar.WorkingTimeBetween(@case.HeldSince!.Value, now);
        return new CaseResumed(@case.Id, onHold, calendar.AddWorkingTime(@case.HandleBy!.Value, onHold), command.By, now);
    }

    /// <summary>处置反馈: the verification clock starts. Any extension or hold still asked for lapses with it.</summary>
    public static CaseHandled Decide(Case @case, ReportHandling command, WorkingCalendar calendar, DateTimeOffset now)
    {
        InStage(@case, CaseStage.InHandling);
        var department = ByDepartment(@case, command.By);
        Stated(command.Result, "result");
        return new CaseHandled(
            @case.Id, @case.Dispatches, department, command.Result, Hashes(command.Evidence), calendar.Deadline(now, @case.Limits.Verification), command.By, now);
    }

    private static int ExtensionPending(Case @case)
    {
        InStage(@case, CaseStage.InHandling);
        return @case.PendingExtensionDays
            ?? throw new RuleBroken("no-extension-requested", $"No extension of case {@case.Id} awaits an answer.");
    }

    private static void HoldPending(Case @case)
    {
        InStage(@case, CaseStage.InHandling);
        if (!@case.PendingHold)
        {
            throw new RuleBroken("no-hold-requested", $"No hold of case {@case.Id} awaits an answer.");
        }
    }
}
