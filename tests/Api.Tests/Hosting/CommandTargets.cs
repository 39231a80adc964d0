using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ledger.Api.Identity;
using Ledger.Api.Tests.Incidents;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Where a command goes and a valid body for it: the stream it acts on (its version is read before every request), or none for a command that starts one.</summary>
public sealed record Target(string Url, Guid? Stream, Func<JsonObject> Body);

/// <summary>A command endpoint, the token of a caller whose turn it is, and how to get a fresh record in the stage the command needs (again after a request was accepted).</summary>
public sealed record CommandEndpoint(string Path, string? Token, Func<Task<Target>> Prepare);

/// <summary>
/// A small city built over the wire for the hostile-input test: a portal, a market regulator with a seal key, a housing
/// bureau, two street departments, a matter, an incident category, and on demand applications, certificates and cases in
/// every stage a command needs. Every command endpoint is listed with a valid body for it.
/// </summary>
public sealed partial class CommandTargets(KestrelApiFixture api)
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string admin = api.TokenFor(City.Administrator, Roles.Admin);
    private readonly string centre = api.TokenFor(new Actor(CityOperations.CentreAgency, "dispatcher.wang"), Roles.Centre);
    private readonly string hotline = api.TokenFor(new Actor(CityOperations.HotlineAgency, "operator.sun"), Roles.Hotline);
    private readonly string inspector = api.TokenFor(new Actor(CityOperations.CentreAgency, "inspector.zhao"), Roles.Inspector);
    private readonly string privacyOfficer = api.TokenFor(new Actor(City.Administrator.Agency, "privacy.he"), Roles.PrivacyOfficer);
    private string portal = "";
    private string market = "";
    private string housing = "";
    private string roads = "";
    private string parks = "";
    private string matter = "";
    private string category = "";
    private string revisedMatter = "";
    private string otherMatter = "";
    private string revisedCategory = "";
    private ECDsa seal = null!;
    private Guid openCase;

    public string Open311Key { get; private set; } = "";

    public string ServiceCode => category;

    private string Officer(string agency) => api.TokenFor(new Actor(agency, "officer.li"), Roles.Officer);

    private string Portal => api.TokenFor(new Actor(portal, "portal.web"), Roles.Portal);

    public async Task<CommandTargets> Built()
    {
        portal = await Agency("上海市一网通办总门户");
        market = await Agency("上海市市场监督管理局", "YYZZ");
        housing = await Agency("上海市住房和城乡建设管理委员会");
        (roads, parks) = (City.NewAgencyCode(), City.NewAgencyCode());
        seal = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SealKey(market, "seal-2026", seal);
        (matter, revisedMatter, otherMatter) = (await PublishedMatter(), await PublishedMatter(), await PublishedMatter());
        (category, revisedCategory) = (await PublishedCategory(), await PublishedCategory());
        openCase = await CaseAt("Dispatched");
        var key = await api.Expect("/api/open311/keys", new { channel = "12345 热线", source = "Hotline12345" }, admin, 201);
        Open311Key = key.GetProperty("apiKey").GetString()!;
        return this;
    }

    public IEnumerable<CommandEndpoint> Endpoints() =>
        CatalogueEndpoints().Concat(ApplicationEndpoints()).Concat(CertificateEndpoints()).Concat(CaseEndpoints()).Concat(CaseStepEndpoints());

    private static JsonObject Json(object body) => JsonSerializer.SerializeToNode(body, Wire)!.AsObject();

    private static Func<Task<Target>> Fixed(string url, Func<object> body) => () => Task.FromResult(new Target(url, null, () => Json(body())));

    private static Func<Task<Target>> On(string url, Guid stream, Func<object> body) => () => Task.FromResult(new Target(url, stream, () => Json(body())));

    private async Task<string> PublishedMatter()
    {
        var code = City.NewMatterCode();
        await api.Expect("/api/matters", new { code, definition = MatterDefinition() }, admin, 201);
        return code;
    }

    private async Task<string> PublishedCategory()
    {
        var code = $"ROAD-{RandomNumberGenerator.GetInt32(100_000, 999_999)}";
        await api.Expect("/api/incidents/categories", new { code, definition = CategoryDefinition() }, admin, 201);
        return code;
    }

    private async Task<string> Agency(string name, params string[] certificateTypes)
    {
        var code = City.NewAgencyCode();
        await api.Expect("/api/agencies", new { creditCode = code, name, district = "黄浦", certificateTypes }, admin, 201);
        return code;
    }

    private async Task SealKey(string agency, string keyId, ECDsa key)
    {
        var profile = await api.Expect($"/api/agencies/{agency}", null, admin, 200);
        await api.Expect($"/api/agencies/{agency}/seal-keys", SealKeyBody(keyId, key, profile.Version()), Officer(agency), 200);
    }

    private static object SealKeyBody(string keyId, ECDsa key, long version) => new
    {
        version,
        keyId,
        algorithm = "ECDSA-P256-SHA256",
        publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
        validFrom = DateTimeOffset.UtcNow.AddDays(-1),
        validUntil = DateTimeOffset.UtcNow.AddYears(3),
    };

    private object MatterDefinition() => new
    {
        name = "户外招牌设置审批",
        leadAgency = market,
        coApprovers = Array.Empty<string>(),
        requiredMaterials = new[] { "申请书" },
        promisedDays = 20,
        certificateType = (string?)null,
    };

    private object CategoryDefinition() => new
    {
        name = "道路破损",
        defaultDepartment = roads,
        limits = new[]
        {
            new
            {
                severity = "Routine",
                acceptance = new { amount = 2, unit = "WorkingHours" },
                handling = new { amount = 3, unit = "WorkingDays" },
                verification = new { amount = 1, unit = "WorkingDays" },
            },
        },
    };
}
