using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Marten;
using Wolverine;
using Wolverine.Marten;
using static Ledger.Api.Incidents.CaseCommands;

namespace Ledger.Api.Incidents;

/// <summary>
/// What a command centre (城运中心) decides: whether a report is a case, where it goes, what the department may have
/// (extensions, holds), when it is closed, and when it is chased. Every command carries the version last read (409 when stale).
/// </summary>
public static class CentreEndpoints
{
    [WolverinePost("/api/cases/{id}/registration", OperationId = "registerCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Register a reported case (立案)")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Register(CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RegisterCase(@case.Id, request.Version, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/non-registration", OperationId = "rejectCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Decline to register a report (不予立案), with the reason")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Reject(CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RejectCase(@case.Id, request.Version, request.Reason, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/merger", OperationId = "mergeCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Merge a duplicate report into the open case it repeats")]
    [EndpointDescription("The duplicate ends, pointing at its original; the original's stream notes the duplicate, so both sides of the link are in the log.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static async Task<(UpdatedView<CaseStatus>, Events, OutgoingMessages)> Merge(
        MergeCaseRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var original = await session.Events.FetchLatest<Case>(request.OriginalCaseId, cancellation);
        var merged = CaseDecisions.Decide(@case, new MergeCase(@case.Id, request.Version, request.OriginalCaseId, By(user)), original, time.GetUtcNow());
        session.Events.Append(original!.Id, CaseDecisions.Decide(original, merged));
        return Decided(@case, merged);
    }

    [WolverinePost("/api/cases/{id}/dispatches", OperationId = "dispatchCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Dispatch a case to a department (派遣, or 改派 after a return)")]
    [EndpointDescription("To the named department, or by default to the category's responsible department. The acceptance clock starts, and its check is scheduled.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Dispatch(
        DispatchCaseRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new DispatchCase(@case.Id, request.Version, request.Department, By(user)), calendar, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/joint-handling", OperationId = "arrangeJointHandling")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Arrange joint handling (联勤联动)")]
    [EndpointDescription("The lead is the department the case is dispatched to, which still answers for it; the supporting departments help.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) ArrangeJointHandling(
        JointHandlingRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ArrangeJointHandling(@case.Id, request.Version, request.Lead, request.Supporting, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/extension-approval", OperationId = "approveExtension")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Approve the extension (延期) the department asked for")]
    [EndpointDescription("The handling deadline moves on by the working days asked for; the old deadline's check then decides nothing, and a check for the new one is scheduled.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) ApproveExtension(
        CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ApproveExtension(@case.Id, request.Version, By(user)), calendar, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/extension-refusal", OperationId = "refuseExtension")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Refuse the extension the department asked for, with the reason")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) RefuseExtension(CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RefuseExtension(@case.Id, request.Version, request.Reason, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/hold-approval", OperationId = "approveHold")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Put the case on hold (挂账) as the department asked: its clock stops")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) ApproveHold(CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ApproveHold(@case.Id, request.Version, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/hold-refusal", OperationId = "refuseHold")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Refuse the hold the department asked for, with the reason")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) RefuseHold(CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RefuseHold(@case.Id, request.Version, request.Reason, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/resumption", OperationId = "resumeCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Take a case off hold: its clock runs again")]
    [EndpointDescription("The handling deadline moves on by the working time the case spent on hold.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Resume(
        CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ResumeCase(@case.Id, request.Version, By(user)), calendar, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/closing", OperationId = "closeCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Close a verified case (结案)")]
    [EndpointDescription("Only after an inspector's verification passed.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Close(CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new CloseCase(@case.Id, request.Version, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/reopening", OperationId = "reopenCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Reopen a closed case within the reopen window, with the reason")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Reopen(
        CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, CaseRuleOptions rules, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ReopenCase(@case.Id, request.Version, request.Reason, By(user)), calendar, rules.ReopenWindow, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/supervision", OperationId = "superviseCase")]
    [Authorize(Roles = Roles.Centre)]
    [Tags("Cases")]
    [EndpointSummary("Supervise an open case (督办), escalating it one level")]
    [EndpointDescription("From no supervision to the district centre, from the district to the city centre. Lapsed limits do the same by themselves.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Supervise(CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new SuperviseCase(@case.Id, request.Version, request.Reason, By(user)), time.GetUtcNow()));
}
