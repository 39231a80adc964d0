using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class CaseDeadlines
{
    private static readonly CheckCaseDeadline AcceptanceCheck = new(Id, LimitKind.Acceptance, AcceptBy);
    private static readonly DateTimeOffset AcceptanceChasedBy = AcceptBy.AddHours(2);
    private static readonly CaseOverdue FirstLapse = new(Id, LimitKind.Acceptance, AcceptBy, SupervisionLevel.District, AcceptanceChasedBy, AcceptBy);

    [Fact]
    public void each_stage_runs_against_its_own_limit()
    {
        Fold(Registered())!.CurrentDeadline.ShouldBeNull();
        Fold(Dispatched())!.CurrentDeadline.ShouldBe(new CaseDeadline(LimitKind.Acceptance, AcceptBy));
        Fold(Accepted())!.CurrentDeadline.ShouldBe(new CaseDeadline(LimitKind.Handling, HandleBy));
        Fold(Handled())!.CurrentDeadline.ShouldBe(new CaseDeadline(LimitKind.Verification, VerifyBy));
        Fold(OnHold())!.CurrentDeadline.ShouldBeNull();
        Fold(Verified())!.CurrentDeadline.ShouldBeNull();
        Fold(Closed())!.CurrentDeadline.ShouldBeNull();
    }

    [Fact]
    public void a_lapsed_limit_marks_the_case_overdue_and_supervised_by_the_district() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck, ShanghaiCalendar, AcceptBy))
            .Then(events => events.ShouldBe([FirstLapse]));

    [Fact]
    public void supervision_chases_the_same_limit_again_from_the_lapse() =>
        Fold([.. Dispatched(), FirstLapse])!.ShouldSatisfyAllConditions(
            @case => @case.CurrentDeadline.ShouldBe(new CaseDeadline(LimitKind.Acceptance, AcceptanceChasedBy)),
            @case => @case.Supervision.ShouldBe(SupervisionLevel.District));

    [Fact]
    public void a_second_lapse_escalates_to_the_city() =>
        Given(Fold, [.. Dispatched(), FirstLapse])
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck with { Due = AcceptanceChasedBy }, ShanghaiCalendar, AcceptanceChasedBy))
            .Then(events => events.ShouldBe([new CaseOverdue(Id, LimitKind.Acceptance, AcceptanceChasedBy, SupervisionLevel.City, AcceptBy.AddHours(4), AcceptanceChasedBy)]));

    [Fact]
    public void a_check_for_the_lapse_already_chased_changes_nothing() =>
        Given(Fold, [.. Dispatched(), FirstLapse])
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck, ShanghaiCalendar, AcceptanceChasedBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_limit_met_in_time_changes_nothing() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck, ShanghaiCalendar, AcceptBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_check_before_the_due_time_changes_nothing() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck, ShanghaiCalendar, AcceptBy.AddMinutes(-1)))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_deadline_moved_by_an_extension_is_checked_at_its_new_time_only() =>
        Given(Fold, [.. Accepted(), new ExtensionRequested(Id, 1, Police, "需协调", 3, OfficerOf(Police), HandledAt), new ExtensionApproved(Id, 3, HandleBy.AddDays(3), Dispatcher, HandledAt)])
            .When(@case => CaseDecisions.Decide(@case!, new CheckCaseDeadline(Id, LimitKind.Handling, HandleBy), ShanghaiCalendar, HandleBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_case_on_hold_is_not_overdue() =>
        Given(Fold, OnHold())
            .When(@case => CaseDecisions.Decide(@case!, new CheckCaseDeadline(Id, LimitKind.Handling, HandleBy), ShanghaiCalendar, HandleBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_redispatched_case_is_not_overdue_on_the_first_dispatch() =>
        Given(Fold, [.. Dispatched(), new CaseReturned(Id, 1, Police, "非本部门职责", OfficerOf(Police), DispatchedAt), new CaseDispatched(Id, 2, Market, AcceptBy.AddHours(1), Dispatcher, DispatchedAt.AddHours(1))])
            .When(@case => CaseDecisions.Decide(@case!, AcceptanceCheck, ShanghaiCalendar, AcceptBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void a_closed_case_is_not_overdue() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new CheckCaseDeadline(Id, LimitKind.Verification, VerifyBy), ShanghaiCalendar, VerifyBy))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void the_centre_supervises_a_case_of_its_own_accord_one_level_up() =>
        Given(Fold, [.. Dispatched(), FirstLapse])
            .When(@case => CaseDecisions.Decide(@case!, new SuperviseCase(Id, 5, "市民多次投诉", Dispatcher), AcceptBy))
            .Then(supervised => supervised.ShouldBe(new CaseSupervised(Id, SupervisionLevel.City, "市民多次投诉", Dispatcher, AcceptBy)));

    [Fact]
    public void a_closed_case_is_not_supervised() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new SuperviseCase(Id, 7, "督办", Dispatcher), ClosedAt))
            .ThenRefused("case-closed");

    [Fact]
    public void a_report_not_yet_registered_is_not_supervised() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new SuperviseCase(Id, 1, "督办", Dispatcher), Monday))
            .ThenRefused("case-not-registered");
}
