using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Wolverine;
using Wolverine.Marten;
using static Ledger.Api.Incidents.CaseCommands;

namespace Ledger.Api.Incidents;

/// <summary>
/// What the department a case is dispatched to does with it, by its officers' tokens: only that department (the token's
/// agency), not a supporting one, not the one it was dispatched to before.
/// </summary>
public static class DepartmentEndpoints
{
    [WolverinePost("/api/cases/{id}/acceptance", OperationId = "acceptCase")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Cases")]
    [EndpointSummary("Accept a dispatched case (签收)")]
    [EndpointDescription("The handling clock starts, and its check is scheduled.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Accept(
        CaseVersionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new AcceptCase(@case.Id, request.Version, By(user)), calendar, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/returns", OperationId = "returnCase")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Cases")]
    [EndpointSummary("Return a dispatched case (回退), with the reason")]
    [EndpointDescription("Before accepting it and within the return limit after the dispatch (configuration Cases:ReturnLimit); the centre dispatches it again.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Return(
        CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, CaseRuleOptions rules, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ReturnCase(@case.Id, request.Version, request.Reason, By(user)), calendar, time.GetUtcNow(), rules.ReturnLimit));

    [WolverinePost("/api/cases/{id}/extension-requests", OperationId = "requestExtension")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Cases")]
    [EndpointSummary("Ask the centre for an extension (延期), with the reason and the working days")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) RequestExtension(ExtensionRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RequestExtension(@case.Id, request.Version, request.Reason, request.ExtraWorkingDays, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/hold-requests", OperationId = "requestHold")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Cases")]
    [EndpointSummary("Ask the centre to put the case on hold (挂账) for long-term or seasonal work, with the reason")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) RequestHold(CaseReasonRequest request, [WriteAggregate] Case @case, ClaimsPrincipal user, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RequestHold(@case.Id, request.Version, request.Reason, By(user)), time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/handling", OperationId = "reportHandling")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Cases")]
    [EndpointSummary("Report the case handled (处置反馈): the result and the evidence's hashes")]
    [EndpointDescription("The verification clock starts, and its check is scheduled.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Handle(
        HandlingReport request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new ReportHandling(@case.Id, request.Version, request.Result, request.Evidence, By(user)), calendar, time.GetUtcNow()));
}

/// <summary>What happens on the street and on the phone: an inspector's verification on site, the hotline's callback.</summary>
public static class FieldEndpoints
{
    [WolverinePost("/api/cases/{id}/verifications", OperationId = "verifyCase")]
    [Authorize(Roles = Roles.Inspector)]
    [Tags("Cases")]
    [EndpointSummary("Verify on site (核查) what the department reported handled")]
    [EndpointDescription("By an inspector who did not report it handled. Passed: the centre may close the case. Failed: back to the same department, with a new handling deadline.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Verify(
        CaseVerificationReport request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new VerifyCase(@case.Id, request.Version, request.Result, request.Note, request.Evidence, By(user)), calendar, time.GetUtcNow()));

    [WolverinePost("/api/cases/{id}/callbacks", OperationId = "recordCallback")]
    [Authorize(Roles = Roles.Hotline)]
    [Tags("Cases")]
    [EndpointSummary("Record the citizen's answer when called back (回访)")]
    [EndpointDescription("For 12345 hotline cases, once after each closing. Dissatisfied within the reopen window (configuration Cases:ReopenWindow) reopens the case.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Callback(
        CallbackReport request, [WriteAggregate] Case @case, ClaimsPrincipal user, WorkingCalendar calendar, CaseRuleOptions rules, TimeProvider time) =>
        Decided(@case, CaseDecisions.Decide(@case, new RecordCallback(@case.Id, request.Version, request.Satisfaction, request.Note, By(user)), calendar, rules.ReopenWindow, time.GetUtcNow()));
}
