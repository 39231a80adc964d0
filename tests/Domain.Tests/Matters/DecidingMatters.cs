using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Matters;

public class DecidingMatters
{
    private const string Market = "11310000MB2F123457";
    private const string Health = "11310000MB2F12346A";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Admin = new("11310000MB2F00001C", "admin.chen");
    private static readonly HashSet<string> Registered = new(StringComparer.Ordinal) { Market, Health };
    private static readonly MatterDefinition FoodLicence = new("食品经营许可", Market, [Health], ["食品经营许可申请书"], 20, "JY");

    [Fact]
    public void a_matter_is_published_at_revision_one() =>
        When(() => MatterDecisions.Decide(new PublishMatter("310000-SC-0107", FoodLicence, Admin), Registered, Now))
            .Then(published => published.ShouldBe(new MatterPublished("310000-SC-0107", 1, FoodLicence, Admin, Now)));

    [Fact]
    public void a_revision_raises_the_revision_and_keeps_the_earlier_one() =>
        Given(history => history.Aggregate((Matter?)null, Matter.Evolve)!, new MatterPublished("310000-SC-0107", 1, FoodLicence, Admin, Now))
            .When(matter => Matter.Evolve(matter, MatterDecisions.Decide(matter, new ReviseMatter("310000-SC-0107", 1, FoodLicence with { PromisedDays = 15 }, Admin), Registered, Now))!)
            .Then(matter =>
            {
                matter.Revision.ShouldBe(2);
                matter.Definition.PromisedDays.ShouldBe(15);
                matter.Revisions[1].PromisedDays.ShouldBe(20);
            });

    [Fact]
    public void a_matter_naming_an_unregistered_agency_is_refused() =>
        When(() => MatterDecisions.Decide(new PublishMatter("310000-SC-0107", FoodLicence with { CoApprovers = ["11310000MB2F12347D"] }, Admin), Registered, Now))
            .ThenRefused("agency-unknown");

    [Fact]
    public void an_agency_named_twice_is_refused() =>
        When(() => MatterDecisions.Decide(new PublishMatter("310000-SC-0107", FoodLicence with { CoApprovers = [Market] }, Admin), Registered, Now))
            .ThenRefused("approver-listed-twice");

    [Fact]
    public void a_matter_promises_at_least_a_day() =>
        When(() => MatterDecisions.Decide(new PublishMatter("310000-SC-0107", FoodLicence with { PromisedDays = 0 }, Admin), Registered, Now))
            .ThenRefused("promised-days-invalid");
}
