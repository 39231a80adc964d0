using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class DispatchingCases
{
    private static readonly CaseReturned Returned = new(Id, 1, Police, "非本部门职责", OfficerOf(Police), DispatchedAt.AddHours(1));

    [Fact]
    public void a_dispatch_goes_to_the_categorys_department_and_starts_the_acceptance_clock() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 2, null, Dispatcher), ShanghaiCalendar, DispatchedAt))
            .Then(dispatched => dispatched.ShouldBe(new CaseDispatched(Id, 1, Police, AcceptBy, Dispatcher, DispatchedAt)));

    [Fact]
    public void the_centre_may_name_another_department() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 2, Market, Dispatcher), ShanghaiCalendar, DispatchedAt))
            .Then(dispatched => dispatched.Department.ShouldBe(Market));

    [Fact]
    public void a_department_is_named_by_its_credit_code() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 2, "市场监管局", Dispatcher), ShanghaiCalendar, DispatchedAt))
            .ThenRefused("department-code-invalid");

    [Fact]
    public void a_dispatched_case_is_not_dispatched_again_before_it_comes_back() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 3, Market, Dispatcher), ShanghaiCalendar, DispatchedAt))
            .ThenRefused("case-already-dispatched");

    [Fact]
    public void acceptance_starts_the_handling_clock() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 3, OfficerOf(Police)), ShanghaiCalendar, AcceptedAt))
            .Then(accepted => accepted.ShouldBe(new CaseAccepted(Id, 1, Police, HandleBy, OfficerOf(Police), AcceptedAt)));

    [Fact]
    public void only_the_dispatched_department_accepts() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 3, OfficerOf(Market)), ShanghaiCalendar, AcceptedAt))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void nothing_is_accepted_before_dispatch() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 2, OfficerOf(Police)), ShanghaiCalendar, AcceptedAt))
            .ThenRefused("case-not-dispatched");

    [Fact]
    public void a_case_is_accepted_once() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 4, OfficerOf(Police)), ShanghaiCalendar, AcceptedAt))
            .ThenRefused("case-already-accepted");

    [Fact]
    public void the_department_returns_a_case_that_is_not_theirs_with_a_reason() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "非本部门职责", OfficerOf(Police)), ShanghaiCalendar, Returned.At))
            .Then(returned => returned.ShouldBe(Returned));

    [Fact]
    public void a_return_needs_a_reason() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "", OfficerOf(Police)), ShanghaiCalendar, Returned.At))
            .ThenRefused("reason-missing");

    [Fact]
    public void only_the_dispatched_department_returns() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "不归我们管", OfficerOf(Fire)), ShanghaiCalendar, Returned.At))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void a_return_comes_within_two_working_days_of_the_dispatch() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "非本部门职责", OfficerOf(Police)), ShanghaiCalendar, new DateTimeOffset(2026, 11, 25, 17, 1, 0, TimeSpan.FromHours(8))))
            .ThenRefused("return-too-late");

    [Fact]
    public void a_return_on_the_last_permitted_minute_is_allowed() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "非本部门职责", OfficerOf(Police)), ShanghaiCalendar, new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.FromHours(8))))
            .Then(returned => returned.Dispatch.ShouldBe(1));

    [Fact]
    public void the_return_limit_is_the_callers_to_set() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 3, "非本部门职责", OfficerOf(Police)), ShanghaiCalendar, DispatchedAt.AddHours(5), TimeLimit.Hours(4)))
            .ThenRefused("return-too-late");

    [Fact]
    public void an_accepted_case_is_not_returned() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ReturnCase(Id, 4, "非本部门职责", OfficerOf(Police)), ShanghaiCalendar, Returned.At))
            .ThenRefused("case-already-accepted");

    [Fact]
    public void a_returned_case_is_dispatched_again_under_the_next_number() =>
        Given(Fold, [.. Dispatched(), Returned])
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 4, Market, Dispatcher), ShanghaiCalendar, Returned.At))
            .Then(dispatched =>
            {
                dispatched.Dispatch.ShouldBe(2);
                dispatched.Department.ShouldBe(Market);
            });

    [Fact]
    public void the_department_that_returned_a_case_no_longer_acts_for_it() =>
        Given(Fold, [.. Dispatched(), Returned, new CaseDispatched(Id, 2, Market, AcceptBy.AddHours(3), Dispatcher, Returned.At)])
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 5, OfficerOf(Police)), ShanghaiCalendar, Returned.At))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void the_centre_names_a_lead_and_supporting_departments() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ArrangeJointHandling(Id, 4, Police, [Market, Fire], Dispatcher), HandledAt))
            .Then(joint => joint.ShouldBe(new JointHandlingArranged(Id, 1, Police, joint.Supporting, Dispatcher, HandledAt)))
            .Supporting.ShouldBe([Market, Fire]);

    [Fact]
    public void a_supporting_department_does_not_act_for_the_case() =>
        Given(Fold, [.. Dispatched(), new JointHandlingArranged(Id, 1, Police, [Market], Dispatcher, DispatchedAt)])
            .When(@case => CaseDecisions.Decide(@case!, new AcceptCase(Id, 4, OfficerOf(Market)), ShanghaiCalendar, AcceptedAt))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void the_lead_is_the_department_the_case_is_dispatched_to() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ArrangeJointHandling(Id, 4, Market, [Police], Dispatcher), HandledAt))
            .ThenRefused("lead-not-dispatched-department");

    [Fact]
    public void joint_handling_names_a_supporting_department() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ArrangeJointHandling(Id, 4, Police, [], Dispatcher), HandledAt))
            .ThenRefused("no-supporting-department");

    [Fact]
    public void joint_handling_names_each_department_once() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ArrangeJointHandling(Id, 4, Police, [Market, Police], Dispatcher), HandledAt))
            .ThenRefused("department-listed-twice");

    [Fact]
    public void joint_handling_is_arranged_for_a_dispatched_case() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new ArrangeJointHandling(Id, 2, Police, [Market], Dispatcher), HandledAt))
            .ThenRefused("case-not-dispatched");
}
