using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;

namespace Ledger.Api.Tests;

/// <summary>
/// A small city built through the public API for one test: its own agencies and matters (fresh credit codes and matter
/// codes, so tests sharing a database never meet), and tokens for whoever acts.
/// </summary>
public sealed class City(ApiFixture fixture)
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static readonly Actor Administrator = new("11310000MB2F00001C", "admin.chen");

    public string Portal { get; private set; } = "";

    public IAlbaHost Host => fixture.Host;

    /// <summary>A unified social credit code for a Shanghai government agency (registration authority 1, kind 1), never used before.</summary>
    public static string NewAgencyCode()
    {
        var body = "11310000" + string.Concat(Enumerable.Range(0, 9).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
        return body + UnifiedSocialCreditCode.CheckCharacter(body);
    }

    /// <summary>A Shanghai enterprise's unified social credit code (registration authority 9, kind 1), with its check character, never used before.</summary>
    public static string NewEnterpriseCode()
    {
        var body = "91310101MA1" + string.Concat(Enumerable.Range(0, 6).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
        return body + UnifiedSocialCreditCode.CheckCharacter(body);
    }

    /// <summary>A resident identity number (GB 11643) of someone born in Huangpu in the 1980s, with its check character: random, so persons in tests never meet.</summary>
    public static string NewResidentIdentityNumber()
    {
        var born = new DateOnly(1980, 1, 1).AddDays(RandomNumberGenerator.GetInt32(0, 3650));
        var body = "310101" + born.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return body + ResidentIdentityNumber.CheckCharacter(body);
    }

    public static string NewMatterCode(string prefix = "310000-T") => $"{prefix}-{RandomNumberGenerator.GetInt32(1_000_000, 9_999_999)}";

    public string AdminToken => fixture.TokenFor(Administrator, Roles.Admin);

    public string OfficerOf(string agency, string officer = "officer.li") => fixture.TokenFor(new Actor(agency, officer), Roles.Officer);

    public string PortalToken => fixture.TokenFor(new Actor(Portal, "portal.web"), Roles.Portal);

    public async Task<City> WithPortal()
    {
        Portal = await RegisterAgency("上海市一网通办总门户", "黄浦");
        return this;
    }

    public async Task<string> RegisterAgency(string name, string district, params string[] certificateTypes)
    {
        var code = NewAgencyCode();
        await Send(HttpMethod.Post, "/api/agencies", new { creditCode = code, name, district, certificateTypes }, AdminToken, 201);
        return code;
    }

    public async Task<string> PublishMatter(string name, string lead, string[] coApprovers, int promisedDays = 20, string? certificateType = null, string[]? materials = null)
    {
        var code = NewMatterCode();
        await Send(HttpMethod.Post, "/api/matters", new
        {
            code,
            definition = new
            {
                name,
                leadAgency = lead,
                coApprovers,
                requiredMaterials = materials ?? ["申请书"],
                promisedDays,
                certificateType,
            },
        }, AdminToken, 201);
        return code;
    }

    /// <summary>Registers a fresh P-256 seal key for the agency, as its own system would, and keeps the private half for signing.</summary>
    public async Task<ECDsa> RegisterSealKey(string agency, string keyId = "seal-2026")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var profile = await Send(HttpMethod.Get, $"/api/agencies/{agency}", null, null, 200);
        await Send(HttpMethod.Post, $"/api/agencies/{agency}/seal-keys", new
        {
            version = profile.Version(),
            keyId,
            algorithm = "ECDSA-P256-SHA256",
            publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            validFrom = DateTimeOffset.UtcNow.AddDays(-1),
            validUntil = DateTimeOffset.UtcNow.AddYears(3),
        }, OfficerOf(agency), 200);
        return key;
    }

    /// <summary>Certificate content for a holder, with a fresh serial and nonce, as the issuing agency's system would build it.</summary>
    public static CertificateContent CertificateFor(string type, string issuer, string holderName, string holderIdentity, int version = 1, string? serial = null,
        ApplicantKind holderKind = ApplicantKind.Enterprise, DateOnly? validUntil = null) => new(
        CertificateIdentifier.Create(type, issuer, serial ?? RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), version),
        type, issuer, new Holder(holderKind, holderName, holderIdentity),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["经营场所"] = "上海市黄浦区南京东路100号", ["经营项目"] = "热食类食品制售" },
        DateOnly.FromDateTime(DateTime.UtcNow), validUntil ?? DateOnly.FromDateTime(DateTime.UtcNow).AddYears(5), CertificateContent.NewNonce());

    /// <summary>An issuance's body (with the application it answers, if any), or with <paramref name="version"/> a renewal's.</summary>
    public static object Sealed(CertificateContent content, ECDsa sealKey, Guid? applicationId = null, long? version = null, string keyId = "seal-2026") =>
        version is { } renewing
            ? new { version = renewing, content, seal = Seal.Sign(content.Hash(), keyId, sealKey) }
            : new { applicationId, content, seal = Seal.Sign(content.Hash(), keyId, sealKey) };

    public async Task<JsonElement> Submit(string matterCode, params (string Name, string Sha256)[] materials)
    {
        var created = await Send(HttpMethod.Post, "/api/applications", Requests.Application(matterCode, materials), PortalToken, 201);
        return created.GetProperty("status");
    }

    public async Task<JsonElement> Send(HttpMethod method, string url, object? body, string? token, int expectedStatus)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            var send = method == HttpMethod.Get ? scenario.Get : scenario.Post;
            if (body is null)
            {
                send.Url(url);
            }
            else
            {
                send.Json(body).ToUrl(url);
            }

            if (token is not null)
            {
                scenario.WithRequestHeader("Authorization", "Bearer " + token);
            }

            scenario.StatusCodeShouldBe(expectedStatus);
        });
        var text = result.ReadAsText();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
