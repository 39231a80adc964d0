using System.Security.Cryptography;

namespace Ledger.Api.Tests.Agencies;

[Collection(ApiCollection.Name)]
public class RegisteringAgencies(ApiFixture fixture)
{
    private static object SealKey(string keyId, ECDsa key, long version) => new
    {
        version,
        keyId,
        algorithm = "ECDSA-P256-SHA256",
        publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        validFrom = DateTimeOffset.UtcNow.AddDays(-1),
        validUntil = DateTimeOffset.UtcNow.AddYears(2),
    };

    [Fact]
    public async Task a_registered_agency_is_public_with_its_seal_keys()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "JY", "YYZZ");
        using var seal = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await city.Send(HttpMethod.Post, $"/api/agencies/{market}/seal-keys", SealKey("seal-2026", seal, 1), city.OfficerOf(market), 200);
        var profile = await city.Send(HttpMethod.Get, $"/api/agencies/{market}", null, token: null, 200);

        profile.GetProperty("name").GetString().ShouldBe("上海市市场监督管理局");
        profile.GetProperty("certificateTypes").EnumerateArray().Select(type => type.GetString()).ShouldBe(["JY", "YYZZ"]);
        profile.GetProperty("sealKeys")[0].GetProperty("publicKey").GetString().ShouldBe(Convert.ToBase64String(seal.ExportSubjectPublicKeyInfo()));
        profile.Version().ShouldBe(2);
    }

    [Fact]
    public async Task a_seal_key_for_an_unregistered_agency_is_404_naming_its_credit_code_and_appends_nothing()
    {
        var city = new City(fixture);
        var unregistered = City.NewAgencyCode();
        using var seal = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var events = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, $"/api/agencies/{unregistered}/seal-keys", SealKey("seal-2026", seal, 1), city.OfficerOf(unregistered), 404);

        problem.GetProperty("code").GetString().ShouldBe("not-found");
        problem.GetProperty("detail").GetString().ShouldBe($"Nothing is recorded under creditCode {unregistered}.");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task a_credit_code_with_a_wrong_check_character_is_refused()
    {
        var city = new City(fixture);
        var code = City.NewAgencyCode();
        var wrong = code[..17] + (code[17] == '0' ? '1' : '0');

        var problem = await city.Send(HttpMethod.Post, "/api/agencies", new { creditCode = wrong, name = "某局", district = "黄浦" }, city.AdminToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("credit-code-invalid");
    }

    [Fact]
    public async Task an_agency_is_registered_once()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");

        var problem = await city.Send(HttpMethod.Post, "/api/agencies", new { creditCode = market, name = "重复", district = "黄浦" }, city.AdminToken, 409);

        problem.GetProperty("code").GetString().ShouldBe("already-exists");
    }

    [Fact]
    public async Task only_the_agency_itself_registers_its_seal_keys()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var other = await city.RegisterAgency("上海市交通委员会", "静安");
        using var seal = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, $"/api/agencies/{market}/seal-keys", SealKey("seal-x", seal, 1), city.OfficerOf(other), 422);

        problem.GetProperty("code").GetString().ShouldBe("not-own-agency");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_seal_key_that_is_not_a_p256_public_key_is_refused()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        using var wrongCurve = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var problem = await city.Send(HttpMethod.Post, $"/api/agencies/{market}/seal-keys", SealKey("seal-384", wrongCurve, 1), city.OfficerOf(market), 422);

        problem.GetProperty("code").GetString().ShouldBe("seal-public-key-invalid");
    }

    [Fact]
    public async Task a_retired_seal_key_shows_when_it_was_retired()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        using var seal = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await city.Send(HttpMethod.Post, $"/api/agencies/{market}/seal-keys", SealKey("seal-2026", seal, 1), city.OfficerOf(market), 200);

        var profile = await city.Send(HttpMethod.Post, $"/api/agencies/{market}/seal-keys/seal-2026/retirement", new { version = 2, reason = "密钥轮换" }, city.OfficerOf(market), 200);

        profile.GetProperty("sealKeys")[0].GetProperty("retiredAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task a_matter_naming_an_unregistered_agency_is_refused()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");

        var problem = await city.Send(HttpMethod.Post, "/api/matters", new
        {
            code = City.NewMatterCode(),
            definition = new { name = "某事项", leadAgency = market, coApprovers = new[] { City.NewAgencyCode() }, requiredMaterials = Array.Empty<string>(), promisedDays = 10 },
        }, city.AdminToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("agency-unknown");
    }
}
