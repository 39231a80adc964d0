using System.Security.Cryptography;
using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Agencies;

public class DecidingAgencies
{
    private const string Market = "11310000MB2F123457";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Admin = new("11310000MB2F00001C", "admin.chen");
    private static readonly Actor MarketOfficer = new(Market, "officer.wang");

    private static string PublicKey(ECCurve curve)
    {
        using var key = ECDsa.Create(curve);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    private static readonly string P256Key = PublicKey(ECCurve.NamedCurves.nistP256);

    private static RegisterSealKey Key(string keyId, string? publicKey = null, string algorithm = SealAlgorithm.EcdsaP256Sha256) =>
        new(Market, 1, keyId, algorithm, publicKey ?? P256Key, Now.AddDays(-1), Now.AddYears(1), MarketOfficer);

    private static Agency? Fold(IReadOnlyList<object> history) => history.Aggregate((Agency?)null, Agency.Evolve);

    private static readonly AgencyRegistered Registered = new(Market, "上海市市场监督管理局", "黄浦", ["JY"], Admin, Now.AddDays(-10));

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("11310000MB2F123457", true)]
    [InlineData("11310000MB2F12345I", false)]
    [InlineData("1131000", false)]
    public void a_credit_code_is_valid_only_with_its_gb_32100_check_character(string code, bool valid) =>
        UnifiedSocialCreditCode.IsValid(code).ShouldBe(valid);

    [Fact]
    public void an_agency_with_a_valid_credit_code_is_registered() =>
        When(() => AgencyDecisions.Decide(new RegisterAgency(Market, "上海市市场监督管理局", "黄浦", ["JY", "JY"], Admin), Now))
            .Then(registered => registered.ShouldBe(new AgencyRegistered(Market, "上海市市场监督管理局", "黄浦", registered.CertificateTypes, Admin, Now)));

    [Fact]
    public void an_invalid_credit_code_is_refused() =>
        When(() => AgencyDecisions.Decide(new RegisterAgency("11310000MB2F123458", "某局", "黄浦", [], Admin), Now))
            .ThenRefused("credit-code-invalid");

    [Fact]
    public void an_agency_registers_a_p256_seal_key() =>
        Given(Fold, Registered)
            .When(agency => AgencyDecisions.Decide(agency!, Key("seal-2026"), Now))
            .Then(key => key.PublicKey.ShouldBe(P256Key));

    [Fact]
    public void a_key_on_another_curve_is_refused() =>
        Given(Fold, Registered)
            .When(agency => AgencyDecisions.Decide(agency!, Key("seal-384", PublicKey(ECCurve.NamedCurves.nistP384)), Now))
            .ThenRefused("seal-public-key-invalid");

    [Fact]
    public void an_algorithm_the_ledger_cannot_verify_is_refused() =>
        Given(Fold, Registered)
            .When(agency => AgencyDecisions.Decide(agency!, Key("seal-sm2", algorithm: "SM2-SM3"), Now))
            .ThenRefused("seal-algorithm-unsupported");

    [Fact]
    public void another_agency_cannot_register_a_key_for_this_one() =>
        Given(Fold, Registered)
            .When(agency => AgencyDecisions.Decide(agency!, Key("seal-x") with { By = new Actor("11310000MB2F12346A", "intruder") }, Now))
            .ThenRefused("not-own-agency");

    [Fact]
    public void a_retired_key_no_longer_seals_but_did_before() =>
        Given(Fold,
                Registered,
                new SealKeyRegistered(Market, "seal-2026", SealAlgorithm.EcdsaP256Sha256, P256Key, Now.AddDays(-5), Now.AddYears(1), MarketOfficer, Now.AddDays(-5)),
                new SealKeyRetired(Market, "seal-2026", "轮换", MarketOfficer, Now))
            .When(agency => agency!.SealKeys["seal-2026"])
            .Then(key =>
            {
                key.IsValidAt(Now.AddDays(-1)).ShouldBeTrue();
                key.IsValidAt(Now.AddSeconds(1)).ShouldBeFalse();
                key.IsValidAt(Now.AddDays(-6)).ShouldBeFalse();
            });
}
