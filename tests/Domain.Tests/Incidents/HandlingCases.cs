using Ledger.Domain.Incidents;
using Case = Ledger.Domain.Incidents.Case;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class HandlingCases
{
    private static readonly DateTimeOffset Now = HandledAt;
    private static readonly ExtensionRequested ExtensionAsked = new(Id, 1, Police, "需协调拖车", 3, OfficerOf(Police), Now);
    private static readonly HoldRequested HoldAsked = new(Id, 1, Police, "道路施工期间无法处置", OfficerOf(Police), Now);
    private static readonly DateTimeOffset Thursday = new(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void the_department_asks_for_more_working_days() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 4, "需协调拖车", 3, OfficerOf(Police)), Now))
            .Then(requested => requested.ShouldBe(ExtensionAsked));

    [Fact]
    public void only_the_dispatched_department_asks_for_an_extension() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 4, "需协调拖车", 3, OfficerOf(Fire)), Now))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void an_extension_is_asked_for_after_acceptance() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 3, "需协调拖车", 3, OfficerOf(Police)), Now))
            .ThenRefused("case-not-accepted");

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void an_extension_is_one_to_ten_working_days(int days) =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 4, "需协调拖车", days, OfficerOf(Police)), Now))
            .ThenRefused("extension-days-invalid");

    [Fact]
    public void one_extension_request_at_a_time() =>
        Given(Fold, [.. Accepted(), ExtensionAsked])
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 5, "还要更久", 2, OfficerOf(Police)), Now))
            .ThenRefused("extension-already-requested");

    [Fact]
    public void an_approved_extension_moves_the_handling_deadline_by_the_days_asked_for() =>
        Given(Fold, [.. Accepted(), ExtensionAsked])
            .When(@case => CaseDecisions.Decide(@case!, new ApproveExtension(Id, 5, Dispatcher), ShanghaiCalendar, Now))
            .Then(approved => approved.ShouldBe(new ExtensionApproved(Id, 3, new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.FromHours(8)), Dispatcher, Now)));

    [Fact]
    public void a_refused_extension_leaves_the_deadline_and_may_be_asked_for_again() =>
        Given(Fold, [.. Accepted(), ExtensionAsked, new ExtensionRefused(Id, "可按期完成", Dispatcher, Now)])
            .When(@case => CaseDecisions.Decide(@case!, new RequestExtension(Id, 6, "确需延期", 2, OfficerOf(Police)), Now))
            .Then(requested => requested.ExtraWorkingDays.ShouldBe(2));

    [Fact]
    public void an_extension_is_approved_only_when_asked_for() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ApproveExtension(Id, 4, Dispatcher), ShanghaiCalendar, Now))
            .ThenRefused("no-extension-requested");

    [Fact]
    public void an_extension_is_refused_only_when_asked_for() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RefuseExtension(Id, 4, "可按期完成", Dispatcher), Now))
            .ThenRefused("no-extension-requested");

    [Fact]
    public void the_department_asks_for_a_hold() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RequestHold(Id, 4, "道路施工期间无法处置", OfficerOf(Police)), Now))
            .Then(requested => requested.ShouldBe(HoldAsked));

    [Fact]
    public void only_the_dispatched_department_asks_for_a_hold() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new RequestHold(Id, 4, "道路施工期间无法处置", OfficerOf(Market)), Now))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void one_hold_request_at_a_time() =>
        Given(Fold, [.. Accepted(), HoldAsked])
            .When(@case => CaseDecisions.Decide(@case!, new RequestHold(Id, 5, "道路施工期间无法处置", OfficerOf(Police)), Now))
            .ThenRefused("hold-already-requested");

    [Fact]
    public void an_approved_hold_stops_the_clock() =>
        Given(Fold, [.. Accepted(), HoldAsked])
            .When(@case => Case.Evolve(@case, CaseDecisions.Decide(@case!, new ApproveHold(Id, 5, Dispatcher), Now))!)
            .Then(@case =>
            {
                @case.Stage.ShouldBe(CaseStage.OnHold);
                @case.CurrentDeadline.ShouldBeNull();
            });

    [Fact]
    public void a_hold_is_approved_only_when_asked_for() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ApproveHold(Id, 4, Dispatcher), Now))
            .ThenRefused("no-hold-requested");

    [Fact]
    public void a_refused_hold_keeps_the_case_in_handling() =>
        Given(Fold, [.. Accepted(), HoldAsked])
            .When(@case => Case.Evolve(@case, CaseDecisions.Decide(@case!, new RefuseHold(Id, 5, "不属于长期工作", Dispatcher), Now))!)
            .Then(@case =>
            {
                @case.Stage.ShouldBe(CaseStage.InHandling);
                @case.PendingHold.ShouldBeFalse();
            });

    [Fact]
    public void resuming_moves_the_handling_deadline_by_the_working_time_on_hold() =>
        Given(Fold, OnHold())
            .When(@case => CaseDecisions.Decide(@case!, new ResumeCase(Id, 6, Dispatcher), ShanghaiCalendar, Thursday))
            .Then(resumed => resumed.ShouldBe(new CaseResumed(
                Id, TimeSpan.FromHours(16), new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.FromHours(8)), Dispatcher, Thursday)));

    [Fact]
    public void only_a_case_on_hold_is_resumed() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ResumeCase(Id, 4, Dispatcher), ShanghaiCalendar, Thursday))
            .ThenRefused("case-not-on-hold");

    [Fact]
    public void a_case_on_hold_is_not_reported_handled() =>
        Given(Fold, OnHold())
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 6, "已处置", [], OfficerOf(Police)), ShanghaiCalendar, Thursday))
            .ThenRefused("case-on-hold");

    [Fact]
    public void handling_is_reported_with_evidence_and_starts_the_verification_clock() =>
        Given(Fold, [.. Accepted(), ExtensionAsked])
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 5, "车辆已拖离", [Hash("after").ToUpperInvariant()], OfficerOf(Police)), ShanghaiCalendar, HandledAt))
            .Then(handled =>
            {
                handled.ShouldBe(new CaseHandled(Id, 1, Police, "车辆已拖离", handled.Evidence, VerifyBy, OfficerOf(Police), HandledAt));
                handled.Evidence.ShouldBe([Hash("after")]);
            });

    [Fact]
    public void a_request_still_pending_lapses_when_the_case_is_handled() =>
        Fold([.. Accepted(), ExtensionAsked, HoldAsked, .. Handled().Skip(Accepted().Length)])!
            .ShouldSatisfyAllConditions(
                @case => @case.PendingExtensionDays.ShouldBeNull(),
                @case => @case.PendingHold.ShouldBeFalse());

    [Fact]
    public void only_the_dispatched_department_reports_handling() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 4, "已处置", [], OfficerOf(Market)), ShanghaiCalendar, HandledAt))
            .ThenRefused("not-dispatched-department");

    [Fact]
    public void handling_is_reported_after_acceptance() =>
        Given(Fold, Dispatched())
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 3, "已处置", [], OfficerOf(Police)), ShanghaiCalendar, HandledAt))
            .ThenRefused("case-not-accepted");

    [Fact]
    public void a_report_of_handling_says_what_was_done() =>
        Given(Fold, Accepted())
            .When(@case => CaseDecisions.Decide(@case!, new ReportHandling(Id, 4, "", [], OfficerOf(Police)), ShanghaiCalendar, HandledAt))
            .ThenRefused("result-missing");
}
