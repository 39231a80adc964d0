using Ledger.Domain.Applications;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Applications;

public class SubmittingApplications
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly Applicant Zhang = new(ApplicantKind.Person, "张三", "310101199001011234");
    private static readonly Guid ApplicationId = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c4d5e");

    private static Material Material(string name, string sha256) => new(name, sha256);

    [Fact]
    public void a_submission_starts_the_application_at_the_time_given() =>
        When(() => SubmitApplicationDecision.Decide(
                new SubmitApplication(ApplicationId, "310000-SC-001", Zhang, [Material("身份证", new string('a', 64))]), Now))
            .Then(submitted =>
            {
                submitted.ShouldBe(new ApplicationSubmitted(ApplicationId, "310000-SC-001", Zhang, submitted.Materials, Now));
                submitted.Materials.ShouldHaveSingleItem().ShouldBe(Material("身份证", new string('a', 64)));
            });

    [Fact]
    public void material_hashes_are_recorded_in_lower_case() =>
        When(() => SubmitApplicationDecision.Decide(
                new SubmitApplication(ApplicationId, "310000-SC-001", Zhang, [Material("营业执照", "ABCDEF" + new string('0', 58))]), Now))
            .Then(submitted => submitted.Materials[0].Sha256.ShouldBe("abcdef" + new string('0', 58)));

    [Fact]
    public void the_same_material_cannot_be_listed_twice() =>
        When(() => SubmitApplicationDecision.Decide(
                new SubmitApplication(ApplicationId, "310000-SC-001", Zhang,
                    [Material("身份证", new string('b', 64)), Material("身份证复印件", new string('B', 64))]), Now))
            .ThenRefused("material-submitted-twice");

    [Fact]
    public void the_write_model_starts_from_the_submission() =>
        Given(history => history.Aggregate((Application?)null, Application.Evolve)!,
                new ApplicationSubmitted(ApplicationId, "310000-SC-001", Zhang, [Material("身份证", new string('c', 64))], Now))
            .When(application => application)
            .Then(application => application.ShouldBe(new Application(ApplicationId, "310000-SC-001", ApplicationStage.Submitted, Now)));
}
