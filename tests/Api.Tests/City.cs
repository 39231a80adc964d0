using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;

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
