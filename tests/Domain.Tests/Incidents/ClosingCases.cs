using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class ClosingCases
{
    private static readonly TimeLimit ReopenWindow = TimeLimit.Days(5);
    private static readonly DateTimeOffset VerifiedAt = HandledAt.AddHours(4);
    private static readonly DateTimeOffset Wednesday = ClosedAt.AddDays(1);

    /// <summary>Closed on Tuesday 24 November; five working days later is Tuesday 1 December, 17:00.</summary>
    private static readonly DateTimeOffset AfterTheWindow = new(2026, 12, 1, 17, 1, 0, TimeSpan.FromHours(8));

    [Fact]
    public void an_inspector_verifies_on_site_and_passes_the_case() =>
        Given(Fold, Handled())
            .When(@case => CaseDecisions.Decide(@case!, new VerifyCase(Id, 5, VerificationResult.Passed, "现场已恢复", [Hash("site")], Inspector), ShanghaiCalendar, VerifiedAt))
            .Then(verified => verified.ShouldBe(new VerificationPassed(Id, "现场已恢复", ((VerificationPassed)verified).Evidence, Inspector, VerifiedAt)));

    [Fact]
    public void whoever_reported_the_handling_does_not_verify_it() =>
        Given(Fold, Handled())
            .When(@case => CaseDecisions.Decide(@case!, new VerifyCase(Id, 5, VerificationResult.Passed, "已恢复", [], OfficerOf(Police)), ShanghaiCalendar, VerifiedAt))
            .ThenRefused("inspector-is-handler");

    [Fact]
    public void a_failed_verification_sends_the_case_back_to_the_same_department_with_a_new_handling_deadline() =>
        Given(Fold, Handled())
            .When(@case => CaseDecisions.Decide(@case!, new VerifyCase(Id, 5, VerificationResult.Failed, "车辆仍在", [], Inspector), ShanghaiCalendar, VerifiedAt))
            .Then(failed => failed.ShouldBe(new VerificationFailed(
                Id, 1, Police, "车辆仍在", ((VerificationFailed)failed).Evidence, new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.FromHours(8)), Inspector, VerifiedAt)));

    [Fact]
    public void after_a_failed_verification_the_department_handles_the_case_again() =>
        Given(Fold, [.. Handled(), new VerificationFailed(Id, 1, Police, "车辆仍在", [], HandleBy, Inspector, VerifiedAt)])
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 6, "已再次拖离", [], OfficerOf(Police)), ShanghaiCalendar, VerifiedAt.AddHours(1)))
            .Then(handled => handled.Department.ShouldBe(Police));

    [Fact]
    public void nothing_is_verified_before_it_is_handled() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new VerifyCase(Id, 4, VerificationResult.Passed, "", [], Inspector), ShanghaiCalendar, VerifiedAt))
            .ThenRefused("case-not-handled");

    [Fact]
    public void a_verified_case_is_not_verified_again() =>
        Given(Fold, Verified())
            .When(@case => CaseDecisions.Decide(@case!, new VerifyCase(Id, 6, VerificationResult.Failed, "", [], Inspector), ShanghaiCalendar, VerifiedAt))
            .ThenRefused("case-already-verified");

    [Fact]
    public void a_verified_case_is_closed() =>
        Given(Fold, Verified())
            .When(@case => CaseDecisions.Decide(@case!, new CloseCase(Id, 6, Dispatcher), ClosedAt))
            .Then(closed => closed.ShouldBe(new CaseClosed(Id, Dispatcher, ClosedAt)));

    [Fact]
    public void a_case_handled_but_not_verified_is_not_closed() =>
        Given(Fold, Handled())
            .When(@case => CaseDecisions.Decide(@case!, new CloseCase(Id, 5, Dispatcher), ClosedAt))
            .ThenRefused("not-verified");

    [Fact]
    public void a_case_that_failed_verification_is_not_closed() =>
        Given(Fold, [.. Handled(), new VerificationFailed(Id, 1, Police, "车辆仍在", [], HandleBy, Inspector, VerifiedAt)])
            .When(@case => CaseDecisions.Decide(@case!, new CloseCase(Id, 6, Dispatcher), ClosedAt))
            .ThenRefused("not-verified");

    [Fact]
    public void a_closed_case_is_closed_once() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new CloseCase(Id, 7, Dispatcher), ClosedAt))
            .ThenRefused("case-closed");

    [Fact]
    public void a_closed_case_is_not_dispatched() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 7, null, Dispatcher), ShanghaiCalendar, ClosedAt))
            .ThenRefused("case-closed");

    [Fact]
    public void a_satisfied_citizen_leaves_the_case_closed() =>
        Given(Fold, Closed(CaseSource.Hotline12345))
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 7, Satisfaction.Satisfied, "满意", Hotline), ShanghaiCalendar, ReopenWindow, Wednesday))
            .Then(events => events.ShouldBe([new CallbackRecorded(Id, Satisfaction.Satisfied, "满意", Hotline, Wednesday)]));

    [Fact]
    public void only_hotline_cases_get_a_callback() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 7, Satisfaction.Satisfied, "满意", Hotline), ShanghaiCalendar, ReopenWindow, Wednesday))
            .ThenRefused("not-a-hotline-case");

    [Fact]
    public void the_callback_follows_the_closing() =>
        Given(Fold, Verified(CaseSource.Hotline12345))
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 6, Satisfaction.Satisfied, "满意", Hotline), ShanghaiCalendar, ReopenWindow, Wednesday))
            .ThenRefused("case-not-closed");

    [Fact]
    public void the_citizen_is_called_back_once_after_a_closing() =>
        Given(Fold, [.. Closed(CaseSource.Hotline12345), new CallbackRecorded(Id, Satisfaction.BasicallySatisfied, "", Hotline, Wednesday)])
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 8, Satisfaction.Dissatisfied, "", Hotline), ShanghaiCalendar, ReopenWindow, Wednesday))
            .ThenRefused("callback-already-recorded");

    [Fact]
    public void a_dissatisfied_citizen_within_the_window_reopens_the_case() =>
        Given(Fold, Closed(CaseSource.Hotline12345))
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 7, Satisfaction.Dissatisfied, "车又停回来了", Hotline), ShanghaiCalendar, ReopenWindow, Wednesday))
            .Then(events => events.ShouldBe(
            [
                new CallbackRecorded(Id, Satisfaction.Dissatisfied, "车又停回来了", Hotline, Wednesday),
                new CaseReopened(Id, "回访不满意: 车又停回来了", Hotline, Wednesday),
            ]));

    [Fact]
    public void a_reopened_case_awaits_dispatch_and_is_dispatched_under_the_next_number() =>
        Given(Fold, [.. Closed(CaseSource.Hotline12345), new CallbackRecorded(Id, Satisfaction.Dissatisfied, "", Hotline, Wednesday), new CaseReopened(Id, "回访不满意", Hotline, Wednesday)])
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 9, null, Dispatcher), ShanghaiCalendar, Wednesday))
            .Then(dispatched => dispatched.Dispatch.ShouldBe(2));

    [Fact]
    public void a_dissatisfied_citizen_after_the_window_is_recorded_and_the_case_stays_closed() =>
        Given(Fold, Closed(CaseSource.Hotline12345))
            .When(@case => CaseDecisions.Decide(@case!, new RecordCallback(Id, 7, Satisfaction.Dissatisfied, "", Hotline), ShanghaiCalendar, ReopenWindow, AfterTheWindow))
            .Then(events => events.ShouldHaveSingleItem().ShouldBeOfType<CallbackRecorded>());

    [Fact]
    public void the_centre_reopens_a_closed_case_within_the_window() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new ReopenCase(Id, 7, "问题复发", Dispatcher), ShanghaiCalendar, ReopenWindow, Wednesday))
            .Then(reopened => reopened.ShouldBe(new CaseReopened(Id, "问题复发", Dispatcher, Wednesday)));

    [Fact]
    public void a_reopening_after_the_window_is_refused() =>
        Given(Fold, Closed())
            .When(@case => CaseDecisions.Decide(@case!, new ReopenCase(Id, 7, "问题复发", Dispatcher), ShanghaiCalendar, ReopenWindow, AfterTheWindow))
            .ThenRefused("reopen-window-passed");

    [Fact]
    public void only_a_closed_case_is_reopened() =>
        Given(Fold, Verified())
            .When(@case => CaseDecisions.Decide(@case!, new ReopenCase(Id, 6, "问题复发", Dispatcher), ShanghaiCalendar, ReopenWindow, Wednesday))
            .ThenRefused("case-not-closed");
}
