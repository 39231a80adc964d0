using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

/// <param name="Department">The department to dispatch to, or null for the category's default department.</param>
public sealed record DispatchCase(Guid CaseId, long Version, string? Department, Actor By);

public sealed record AcceptCase(Guid CaseId, long Version, Actor By);

public sealed record ReturnCase(Guid CaseId, long Version, string Reason, Actor By);

public sealed record ArrangeJointHandling(Guid CaseId, long Version, string Lead, IReadOnlyList<string> Supporting, Actor By);

public static partial class CaseDecisions
{
    /// <summary>回退 is allowed within this long of the dispatch unless the caller sets another limit.</summary>
    public static TimeLimit DefaultReturnLimit { get; } = TimeLimit.Days(2);

    /// <summary>派遣, or 改派 when the case comes back after a return or a reopening: the acceptance clock starts.</summary>
    public static CaseDispatched Decide(Case @case, DispatchCase command, WorkingCalendar calendar, DateTimeOffset now)
    {
        InStage(@case, CaseStage.AwaitingDispatch);
        var department = command.Department ?? @case.Category.DefaultDepartment;
        IsDepartment(department);
        return new CaseDispatched(@case.Id, @case.Dispatches + 1, department, calendar.Deadline(now, @case.Limits.Acceptance), command.By, now);
    }

    /// <summary>签收: the handling clock starts.</summary>
    public static CaseAccepted Decide(Case @case, AcceptCase command, WorkingCalendar calendar, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Dispatched);
        var department = ByDepartment(@case, command.By);
        return new CaseAccepted(@case.Id, @case.Dispatches, department, calendar.Deadline(now, @case.Limits.Handling), command.By, now);
    }

    /// <summary>回退, before acceptance and within <paramref name="returnLimit"/> (by default <see cref="DefaultReturnLimit"/>) of the dispatch.</summary>
    public static CaseReturned Decide(Case @case, ReturnCase command, WorkingCalendar calendar, DateTimeOffset now, TimeLimit? returnLimit = null)
    {
        InStage(@case, CaseStage.Dispatched);
        var department = ByDepartment(@case, command.By);
        Stated(command.Reason, "reason");
        var returnBy = calendar.Deadline(@case.DispatchedAt!.Value, returnLimit ?? DefaultReturnLimit);
        if (now > returnBy)
        {
            throw new RuleBroken("return-too-late", $"Case {@case.Id} could be returned until {returnBy:O}, {returnLimit ?? DefaultReturnLimit} after its dispatch.");
        }

        return new CaseReturned(@case.Id, @case.Dispatches, department, command.Reason, command.By, now);
    }

    /// <summary>联勤联动: the lead is the department the case is dispatched to; the supporting departments help it and answer to it.</summary>
    public static JointHandlingArranged Decide(Case @case, ArrangeJointHandling command, DateTimeOffset now)
    {
        if (@case.Stage is not (CaseStage.Dispatched or CaseStage.InHandling))
        {
            InStage(@case, CaseStage.InHandling);
        }

        if (!string.Equals(command.Lead, @case.Department, StringComparison.Ordinal))
        {
            throw new RuleBroken("lead-not-dispatched-department", $"Case {@case.Id} is dispatched to {@case.Department}; the lead is the department it is dispatched to (dispatch it again to change it).");
        }

        if (command.Supporting.Count == 0)
        {
            throw new RuleBroken("no-supporting-department", "Joint handling names at least one supporting department.");
        }

        foreach (var department in command.Supporting)
        {
            IsDepartment(department);
        }

        if (command.Supporting.Append(command.Lead).Distinct(StringComparer.Ordinal).Count() != command.Supporting.Count + 1)
        {
            throw new RuleBroken("department-listed-twice", "A department is named more than once among the lead and the supporting departments.");
        }

        return new JointHandlingArranged(@case.Id, @case.Dispatches, command.Lead, command.Supporting, command.By, now);
    }
}
