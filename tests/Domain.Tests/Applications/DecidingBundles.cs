using Ledger.Domain.Bundles;
using Ledger.Domain.Matters;
using static Ledger.Domain.Tests.Applications.ApplicationHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Applications;

public class DecidingBundles
{
    private static readonly Guid BundleId = Guid.Parse("01a20a0c-0000-7000-8000-0000000b0001");
    private static readonly Guid First = Guid.Parse("01a20a0c-0000-7000-8000-0000000b0002");
    private static readonly Guid Second = Guid.Parse("01a20a0c-0000-7000-8000-0000000b0003");
    private static readonly Ledger.Domain.Matters.Matter FireCheck = Ledger.Domain.Matters.Matter.Evolve(null, new MatterPublished("310000-XF-0203", 1, new MatterDefinition("消防安全检查", Fire, [], [], 10, "XFAQ"), OfficerOf(Market), Monday))!;
    private static readonly Ledger.Domain.Matters.Matter FoodLicenceMatter = ApplicationHistory.Matter;
    private static readonly Dictionary<string, Ledger.Domain.Matters.Matter> Catalogue = new(StringComparer.Ordinal) { [FoodLicenceMatter.Code] = FoodLicenceMatter, [FireCheck.Code] = FireCheck };

    private static SubmitBundle RestaurantBundle(params string[] matterCodes) => new(
        BundleId, "开办餐饮店", ApplicationHistory.Restaurant,
        [.. matterCodes.Select((code, i) => new BundlePartRequest(i == 0 ? First : Second, code, [Material("申请书" + i)]))], Citizen);

    [Fact]
    public void a_bundle_submits_every_part_as_an_application_of_the_bundle() =>
        When(() => BundleDecisions.Decide(RestaurantBundle(FoodLicenceMatter.Code, FireCheck.Code), Catalogue, Monday))
            .Then(decided =>
            {
                decided.Bundle.Parts.Select(part => part.ApplicationId).ShouldBe([First, Second]);
                decided.Parts.Select(part => part.Matter.LeadAgency).ShouldBe([Market, Fire]);
                decided.Parts.ShouldAllBe(part => part.BundleId == BundleId);
            });

    [Fact]
    public void a_persons_bundle_and_each_of_its_parts_carry_the_sealed_references_it_was_given() =>
        When(() => BundleDecisions.Decide(RestaurantBundle(FoodLicenceMatter.Code, FireCheck.Code) with { Applicant = Resident }, Catalogue, Monday))
            .Then(decided =>
            {
                decided.Bundle.Applicant.ShouldBe(Resident);
                decided.Parts.ShouldAllBe(part => part.Applicant == Resident);
                decided.Bundle.Applicant.Name.Value.ShouldBeNull();
                decided.Bundle.Applicant.IdentityNumber.Value.ShouldBeNull();
            });

    [Fact]
    public void a_bundle_of_one_matter_is_refused() =>
        When(() => BundleDecisions.Decide(RestaurantBundle(FoodLicenceMatter.Code), Catalogue, Monday)).ThenRefused("bundle-too-small");

    [Fact]
    public void a_matter_repeated_in_a_bundle_is_refused() =>
        When(() => BundleDecisions.Decide(RestaurantBundle(FoodLicenceMatter.Code, FoodLicenceMatter.Code), Catalogue, Monday)).ThenRefused("bundle-matter-repeated");

    [Fact]
    public void the_bundle_completes_only_when_every_part_has() =>
        Given(history => history.Aggregate((Bundle?)null, Bundle.Evolve)!, BundleDecisions.Decide(RestaurantBundle(FoodLicenceMatter.Code, FireCheck.Code), Catalogue, Monday).Bundle)
            .When(bundle => (
                Early: BundleDecisions.Decide(bundle, new CheckBundleCompletion(BundleId), new HashSet<Guid> { First }, Monday),
                Late: BundleDecisions.Decide(bundle, new CheckBundleCompletion(BundleId), new HashSet<Guid> { First, Second }, Monday)))
            .Then(outcome =>
            {
                outcome.Early.ShouldBeEmpty();
                outcome.Late.ShouldBe([new BundleCompleted(BundleId, Monday)]);
            });
}
