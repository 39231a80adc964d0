using Ledger.Domain.Applications;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Applications;

public class WithdrawingApplications
{
    private static readonly DateTimeOffset Submitted = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Later = Submitted.AddHours(3);
    private static readonly Guid ApplicationId = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c4d5f");

    private static readonly ApplicationSubmitted Submission = new(
        ApplicationId, "310000-SC-0107", new Applicant(ApplicantKind.Person, "李明", "310104198807153216"),
        [new Material("食品经营许可申请书", new string('e', 64))], Submitted);

    private static Application Fold(IReadOnlyList<object> history) => history.Aggregate((Application?)null, Application.Evolve)!;

    [Fact]
    public void a_submitted_application_can_be_withdrawn_with_a_reason() =>
        Given(Fold, Submission)
            .When(application => WithdrawApplicationDecision.Decide(application, new WithdrawApplication(ApplicationId, 1, "材料准备不全，稍后重新申请"), Later))
            .Then(withdrawn => withdrawn.ShouldBe(new ApplicationWithdrawn(ApplicationId, "材料准备不全，稍后重新申请", Later)));

    [Fact]
    public void a_withdrawn_application_is_withdrawn_in_the_write_model() =>
        Given(Fold, Submission, new ApplicationWithdrawn(ApplicationId, "不再需要", Later))
            .When(application => application.Stage)
            .Then(stage => stage.ShouldBe(ApplicationStage.Withdrawn));

    [Fact]
    public void an_application_cannot_be_withdrawn_twice() =>
        Given(Fold, Submission, new ApplicationWithdrawn(ApplicationId, "不再需要", Later))
            .When(application => WithdrawApplicationDecision.Decide(application, new WithdrawApplication(ApplicationId, 2, "再次撤回"), Later))
            .ThenRefused("application-already-withdrawn");
}
