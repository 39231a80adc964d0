using Ledger.Domain.Calendar;
using Ledger.Domain.Applications;
using Ledger.Domain.Privacy;
using static Ledger.Domain.Tests.Applications.ApplicationHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Applications;

public class DecidingApplications
{
    private static readonly DateTimeOffset Now = Monday.AddDays(5);
    private static readonly Recorded SealedReason = Recorded.Sealed(ResidentSubject, OnRecord.Commitment('d'));

    [Fact]
    public void a_submission_records_the_matter_revision_and_who_submitted() =>
        When(() => ApplicationDecisions.Decide(new SubmitApplication(Id, "310000-SC-0107", Restaurant, [Material("申请书")], Citizen), Matter, Monday))
            .Then(submitted => submitted.ShouldBe(new ApplicationSubmitted(Id, "310000-SC-0107", 1, FoodLicence, Restaurant, submitted.Materials, Citizen, Monday)));

    [Fact]
    public void a_persons_submission_carries_the_sealed_references_it_was_given_and_no_value() =>
        When(() => ApplicationDecisions.Decide(new SubmitApplication(Id, "310000-SC-0107", Resident, [Material("申请书")], Citizen), Matter, Monday))
            .Then(submitted =>
            {
                submitted.Applicant.ShouldBe(Resident);
                submitted.Applicant.Subject.ShouldBe(ResidentSubject);
                new[] { submitted.Applicant.Name, submitted.Applicant.IdentityNumber, submitted.Applicant.Phone! }
                    .ShouldAllBe(recorded => recorded.Value == null && recorded.Subject == ResidentSubject && recorded.IsPersonal);
            });

    [Fact]
    public void material_hashes_are_recorded_in_lower_case() =>
        When(() => ApplicationDecisions.Decide(new SubmitApplication(Id, "310000-SC-0107", Restaurant, [new Material("营业执照", "ABCDEF" + new string('0', 58))], Citizen), Matter, Monday))
            .Then(submitted => submitted.Materials[0].Sha256.ShouldBe("abcdef" + new string('0', 58)));

    [Fact]
    public void the_same_material_cannot_be_listed_twice() =>
        When(() => ApplicationDecisions.Decide(
                new SubmitApplication(Id, "310000-SC-0107", Restaurant, [Material("身份证"), Material("身份证") with { Name = "身份证复印件" }], Citizen), Matter, Monday))
            .ThenRefused("material-submitted-twice");

    [Fact]
    public void the_lead_agency_requests_a_supplement_before_acceptance() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new RequestSupplement(Id, 1, ["经营场所平面布局图"], "请补充", OfficerOf(Market)), Now))
            .Then(requested => requested.MissingMaterials.ShouldBe(["经营场所平面布局图"]));

    [Fact]
    public void only_the_lead_agency_requests_a_supplement() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new RequestSupplement(Id, 1, ["图"], "", OfficerOf(Health)), Now))
            .ThenRefused("not-lead-agency");

    [Fact]
    public void materials_are_supplemented_only_when_asked_for() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new SupplementApplication(Id, 1, [Material("图")], Citizen), Now))
            .ThenRefused("supplement-not-requested");

    [Fact]
    public void supplements_may_go_round_any_number_of_times() =>
        Given(Fold,
                Submitted(),
                new SupplementRequested(Id, ["图一"], "", OfficerOf(Market), Monday),
                new ApplicationSupplemented(Id, [Material("图一")], Citizen, Monday),
                new SupplementRequested(Id, ["图二"], "", OfficerOf(Market), Monday))
            .When(application => ApplicationDecisions.Decide(application!, new SupplementApplication(Id, 5, [Material("图二")], Citizen), Now))
            .Then(supplemented => supplemented.Materials.ShouldHaveSingleItem().Name.ShouldBe("图二"));

    [Fact]
    public void the_promised_days_skip_public_holidays_and_count_make_up_working_days()
    {
        var nationalDay = new WorkingCalendar(
            Enumerable.Range(1, 7).Select(day => new DateOnly(2026, 10, day)), [new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
            new TimeOnly(9, 0), new TimeOnly(17, 0), TimeSpan.FromHours(8));
        var friday = new DateTimeOffset(2026, 9, 18, 10, 0, 0, TimeSpan.FromHours(8));

        // 20 working days from Friday 18 September: Sunday 20 September and Saturday 10 October count, 1-7 October do not.
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new AcceptApplication(Id, 1, OfficerOf(Market)), nationalDay, friday))
            .Then(events => events[0].ShouldBeOfType<ApplicationAccepted>().DueAt.ShouldBe(new DateTimeOffset(2026, 10, 21, 17, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void acceptance_starts_the_promised_deadline_and_asks_every_approver_at_once() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new AcceptApplication(Id, 1, OfficerOf(Market)), WorkingCalendar.WeekendsOnly, Now))
            .Then(events =>
            {
                // Accepted on a Saturday: 20 working days are the four weeks from Monday, due on Friday 25 December at the close.
                events[0].ShouldBe(new ApplicationAccepted(Id, new DateTimeOffset(2026, 12, 25, 17, 0, 0, TimeSpan.FromHours(8)), OfficerOf(Market), Now));
                var requested = events[1].ShouldBeOfType<ApprovalsRequested>();
                requested.Agencies.ShouldBe([Market, Health, Fire]);
                requested.At.ShouldBe(Now);
            });

    [Fact]
    public void an_application_awaiting_supplements_is_not_accepted() =>
        Given(Fold, Submitted(), new SupplementRequested(Id, ["图"], "", OfficerOf(Market), Monday))
            .When(application => ApplicationDecisions.Decide(application!, new AcceptApplication(Id, 2, OfficerOf(Market)), WorkingCalendar.WeekendsOnly, Now))
            .ThenRefused("application-not-awaiting-acceptance");

    [Fact]
    public void nothing_is_approved_before_acceptance() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new GrantApproval(Id, 1, "同意", OfficerOf(Health)), Now))
            .ThenRefused("application-not-under-approval");

    [Fact]
    public void only_agencies_named_on_the_matter_approve() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new GrantApproval(Id, 3, "同意", OfficerOf(Police)), Now))
            .ThenRefused("agency-not-an-approver");

    [Fact]
    public void an_agency_gives_its_verdict_once() =>
        Given(Fold, [.. Accepted(), new ApprovalGranted(Id, Health, "同意", OfficerOf(Health), Monday)])
            .When(application => ApplicationDecisions.Decide(application!, new DenyApproval(Id, 4, "改主意了", OfficerOf(Health)), Now))
            .ThenRefused("approval-already-given");

    [Fact]
    public void the_last_grant_approves_the_application() =>
        Given(Fold, [.. Accepted(), new ApprovalGranted(Id, Health, "同意", OfficerOf(Health), Monday), new ApprovalGranted(Id, Fire, "同意", OfficerOf(Fire), Monday)])
            .When(application => ApplicationDecisions.Decide(application!, new GrantApproval(Id, 5, "准予", OfficerOf(Market)), Now))
            .Then(events => events.ShouldBe([new ApprovalGranted(Id, Market, "准予", OfficerOf(Market), Now), new ApplicationApproved(Id, Now)]));

    [Fact]
    public void a_grant_that_is_not_the_last_does_not_approve() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new GrantApproval(Id, 3, "同意", OfficerOf(Fire)), Now))
            .Then(events => events.ShouldBe([new ApprovalGranted(Id, Fire, "同意", OfficerOf(Fire), Now)]));

    [Fact]
    public void one_denial_denies_the_application() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new DenyApproval(Id, 3, "疏散通道不足", OfficerOf(Fire)), Now))
            .Then(events => events.ShouldBe([new ApprovalDenied(Id, Fire, "疏散通道不足", OfficerOf(Fire), Now), new ApplicationDenied(Id, Fire, "疏散通道不足", Now)]));

    [Fact]
    public void a_denied_application_is_completed_by_the_lead_agency() =>
        Given(Fold, [.. Accepted(), new ApprovalDenied(Id, Fire, "不合格", OfficerOf(Fire), Monday), new ApplicationDenied(Id, Fire, "不合格", Monday)])
            .When(application => ApplicationDecisions.Decide(application!, new CompleteApplication(Id, 5, OfficerOf(Market)), Now))
            .Then(completed => completed.ShouldBe(new ApplicationCompleted(Id, OfficerOf(Market), Now)));

    [Fact]
    public void an_undecided_application_is_not_completed() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new CompleteApplication(Id, 3, OfficerOf(Market)), Now))
            .ThenRefused("application-not-decided");

    [Fact]
    public void the_applicant_withdraws_before_a_decision() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new WithdrawApplication(Id, 3, Recorded.InClear("选址变更"), Citizen), Now))
            .Then(withdrawn => withdrawn.ShouldBe(new ApplicationWithdrawn(Id, Recorded.InClear("选址变更"), Citizen, Now)));

    [Fact]
    public void a_persons_withdrawal_carries_the_sealed_reason_it_was_given() =>
        Given(Fold, Submitted() with { Applicant = Resident })
            .When(application => ApplicationDecisions.Decide(application!, new WithdrawApplication(Id, 1, SealedReason, Citizen), Now))
            .Then(withdrawn =>
            {
                withdrawn.ShouldBe(new ApplicationWithdrawn(Id, SealedReason, Citizen, Now));
                withdrawn.Reason.Value.ShouldBeNull();
            });

    [Fact]
    public void a_decided_application_cannot_be_withdrawn() =>
        Given(Fold, Approved())
            .When(application => ApplicationDecisions.Decide(application!, new WithdrawApplication(Id, 7, Recorded.InClear("太晚"), Citizen), Now))
            .ThenRefused("application-not-open");

    [Fact]
    public void only_the_applicant_withdraws() =>
        Given(Fold, Submitted())
            .When(application => ApplicationDecisions.Decide(application!, new WithdrawApplication(Id, 1, Recorded.InClear("我来撤"), OfficerOf(Health)), Now))
            .ThenRefused("not-applicant");

    [Fact]
    public void an_approval_after_withdrawal_is_refused() =>
        Given(Fold, [.. Accepted(), new ApplicationWithdrawn(Id, Recorded.InClear("不办了"), Citizen, Monday.AddDays(1))])
            .When(application => ApplicationDecisions.Decide(application!, new GrantApproval(Id, 4, "同意", OfficerOf(Health)), Now))
            .ThenRefused("application-not-under-approval");

    [Fact]
    public void an_open_application_past_its_deadline_becomes_overdue_once() =>
        Given(Fold, Accepted())
            .When(application => ApplicationDecisions.Decide(application!, new CheckApplicationDeadline(Id), Monday.AddDays(21)))
            .Then(events => events.ShouldBe([new ApplicationOverdue(Id, Monday.AddDays(20), Monday.AddDays(21))]));

    [Fact]
    public void a_decided_application_is_never_overdue() =>
        Given(Fold, Approved())
            .When(application => ApplicationDecisions.Decide(application!, new CheckApplicationDeadline(Id), Monday.AddDays(21)))
            .Then(events => events.ShouldBeEmpty());

    [Fact]
    public void an_overdue_application_is_marked_only_once() =>
        Given(Fold, [.. Accepted(), new ApplicationOverdue(Id, Monday.AddDays(20), Monday.AddDays(20))])
            .When(application => ApplicationDecisions.Decide(application!, new CheckApplicationDeadline(Id), Monday.AddDays(22)))
            .Then(events => events.ShouldBeEmpty());
}
