using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Domain.Certificates;

namespace Ledger.Api.Tests.Certificates;

[Collection(ApiCollection.Name)]
public class IssuingCertificates(ApiFixture fixture)
{
    private sealed record Issuer(City City, string Market, ECDsa Seal);

    private async Task<Issuer> AnAuthorisedIssuer()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        return new Issuer(city, market, await city.RegisterSealKey(market));
    }

    private static string HolderId() => City.NewEnterpriseCode();

    [Fact]
    public async Task an_issued_certificate_is_found_by_identifier_content_hash_and_holder()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var holder = HolderId();
        var content = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", holder);

        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);

        issued.GetProperty("contentHash").GetString().ShouldBe(content.Hash());
        issued.GetProperty("status").GetString().ShouldBe("Valid");
        issued.GetProperty("content").GetProperty("holder").GetProperty("identityNumber").GetProperty("value").GetString().ShouldBe(holder);
        issued.TryGetProperty("holderSubject", out var subject).ShouldBeTrue();
        subject.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        var byIdentifier = await city.Send(HttpMethod.Get, $"/api/certificates?identifier={content.Identifier}", null, city.OfficerOf(market), 200);
        var byHash = await city.Send(HttpMethod.Get, $"/api/certificates?contentHash={content.Hash()}", null, city.OfficerOf(market), 200);
        var byHolder = await city.Send(HttpMethod.Get, $"/api/certificates?holder={holder}", null, city.OfficerOf(market), 200);
        foreach (var found in new[] { byIdentifier, byHash, byHolder })
        {
            found.GetArrayLength().ShouldBe(1);
            found[0].GetProperty("record").GetProperty("identifier").GetString().ShouldBe(content.Identifier);
            found[0].GetProperty("expired").GetBoolean().ShouldBeFalse();
        }

        var document = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(market), 200);
        document.GetProperty("seal").GetProperty("keyId").GetString().ShouldBe("seal-2026");
        document.GetProperty("contentHash").GetString().ShouldBe(content.Hash());
    }

    [Fact]
    public async Task a_seal_that_does_not_match_the_content_is_refused_and_appends_nothing()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var content = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", HolderId());
        var sealedForOtherContent = Seal.Sign((content with { Fields = new Dictionary<string, string>(StringComparer.Ordinal) }).Hash(), "seal-2026", seal);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/certificates", new { content, seal = sealedForOtherContent }, city.OfficerOf(market), 422);

        problem.GetProperty("code").GetString().ShouldBe("seal-signature-invalid");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_identifier_is_issued_once()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var content = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", HolderId());
        await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);

        var problem = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 409);

        problem.GetProperty("code").GetString().ShouldBe("already-exists");
    }

    [Fact]
    public async Task a_certificate_is_suspended_reinstated_and_revoked_and_a_revoked_one_stays_revoked()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var content = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", HolderId());
        var record = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        var at = $"/api/certificates/{record.Id()}";

        record = await city.Send(HttpMethod.Post, at + "/suspension", new { version = record.Version(), reason = "涉嫌虚假材料，核查中" }, city.OfficerOf(market), 200);
        record.GetProperty("status").GetString().ShouldBe("Suspended");
        record = await city.Send(HttpMethod.Post, at + "/reinstatement", new { version = record.Version(), reason = "核查无误" }, city.OfficerOf(market), 200);
        record.GetProperty("status").GetString().ShouldBe("Valid");
        record = await city.Send(HttpMethod.Post, at + "/revocation", new { version = record.Version(), reason = "企业申请注销" }, city.OfficerOf(market), 200);
        record.GetProperty("status").GetString().ShouldBe("Revoked");

        var problem = await city.Send(HttpMethod.Post, at + "/reinstatement", new { version = record.Version(), reason = "再试" }, city.OfficerOf(market), 422);
        problem.GetProperty("code").GetString().ShouldBe("certificate-revoked");
    }

    [Fact]
    public async Task a_renewal_supersedes_the_old_version()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var holder = HolderId();
        var first = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", holder);
        var record = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(first, seal), city.OfficerOf(market), 201);
        CertificateIdentifier.TryParse(first.Identifier, out var parts).ShouldBeTrue();
        var second = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", holder, version: 2, serial: parts.Serial);

        var renewed = await city.Send(HttpMethod.Post, $"/api/certificates/{record.Id()}/renewal", City.Sealed(second, seal, version: record.Version()), city.OfficerOf(market), 201);

        renewed.GetProperty("supersedes").GetGuid().ShouldBe(record.Id());
        var old = await city.Send(HttpMethod.Get, $"/api/certificates/{record.Id()}", null, city.OfficerOf(market), 200);
        old.GetProperty("record").GetProperty("status").GetString().ShouldBe("Superseded");
        old.GetProperty("record").GetProperty("supersededBy").GetGuid().ShouldBe(renewed.Id());
    }

    [Fact]
    public async Task an_agency_not_authorised_for_a_type_cannot_issue_it_directly()
    {
        var (city, market, seal) = await AnAuthorisedIssuer();
        var content = City.CertificateFor("JY", market, "上海生煎餐饮有限公司", HolderId());

        var problem = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 422);

        problem.GetProperty("code").GetString().ShouldBe("issuer-not-authorised");
    }

    [Fact]
    public async Task finding_needs_exactly_one_criterion()
    {
        var (city, market, _) = await AnAuthorisedIssuer();

        var problem = await city.Send(HttpMethod.Get, "/api/certificates", null, city.OfficerOf(market), 400);

        problem.GetProperty("code").GetString().ShouldBe("validation-failed");
    }
}

[Collection(ApiCollection.Name)]
public class UsingCertificatesWithConsent(ApiFixture fixture)
{
    [Fact]
    public async Task an_agency_uses_a_certificate_only_while_the_holder_consents()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        var housing = await city.RegisterAgency("上海市住房和城乡建设管理委员会", "浦东新区");
        using var seal = await city.RegisterSealKey(market);
        var content = City.CertificateFor("YYZZ", market, "上海本帮菜餐饮有限公司", "91310115MA1HAQ7C23");
        var record = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        var at = $"/api/certificates/{record.Id()}";

        var refused = await city.Send(HttpMethod.Post, at + "/uses", new { version = record.Version(), consentId = Guid.NewGuid(), purpose = "装修备案核验" }, city.OfficerOf(housing), 422);
        refused.GetProperty("code").GetString().ShouldBe("consent-missing");

        record = await city.Send(HttpMethod.Post, at + "/consents",
            new { version = record.Version(), agency = housing, purpose = "装修备案核验", until = DateTimeOffset.UtcNow.AddDays(30) }, city.PortalToken, 200);
        var consentId = record.GetProperty("consents")[0].GetProperty("consentId").GetGuid();
        record = await city.Send(HttpMethod.Post, at + "/uses", new { version = record.Version(), consentId, purpose = "装修备案核验" }, city.OfficerOf(housing), 200);
        record.GetProperty("uses")[0].GetProperty("agency").GetString().ShouldBe(housing);

        var otherPurpose = await city.Send(HttpMethod.Post, at + "/uses", new { version = record.Version(), consentId, purpose = "贷款审批" }, city.OfficerOf(housing), 422);
        otherPurpose.GetProperty("code").GetString().ShouldBe("consent-missing");

        record = await city.Send(HttpMethod.Post, $"{at}/consents/{consentId}/withdrawal", new { version = record.Version() }, city.PortalToken, 200);
        var before = await fixture.Store.EventCount();
        var afterWithdrawal = await city.Send(HttpMethod.Post, at + "/uses", new { version = record.Version(), consentId, purpose = "装修备案核验" }, city.OfficerOf(housing), 422);
        afterWithdrawal.GetProperty("code").GetString().ShouldBe("consent-missing");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }
}
