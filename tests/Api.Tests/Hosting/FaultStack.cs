using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The city a crash test loads: the portal's token and three matters of three agencies (a bundle covers all three).</summary>
public sealed record FaultCity(string PortalToken, IReadOnlyList<string> Matters);

/// <summary>
/// What a crash test breaks: a PostgreSQL cluster of its own (committing durably, as in production) and the API as a real
/// server process on it, reached over real HTTP. Either may be crashed and started again; the port and database stay.
/// </summary>
public sealed class FaultStack : IAsyncDisposable
{
    private readonly ECDsa tokenSigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string checkpointKeyPem = NoteKeys.GeneratePem();
    private readonly List<ApiProcess> servers = [];

    private FaultStack() => Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public OwnPostgres Postgres { get; } = new(durable: true);

    public string BaseUrl { get; } = $"http://127.0.0.1:{FreePort()}";

    /// <summary>
    /// The client of the load and the checks. A new server compiles each endpoint's handler on its first request, which on a
    /// busy machine may take many seconds: a request is given a minute before it counts as unanswered.
    /// </summary>
    public HttpClient Http { get; }

    /// <summary>The API server running now.</summary>
    public ApiProcess Api => servers[^1];

    public static async Task<FaultStack> StartAsync()
    {
        var stack = new FaultStack();
        await stack.Postgres.StartAsync();
        await stack.StartApiAsync();
        return stack;
    }

    /// <summary>Starts a new API server on the stack's port and database; returns once it answers /health/live.</summary>
    public async Task StartApiAsync() => servers.Add(await ApiProcess.StartAsync(BaseUrl, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ConnectionStrings:Ledger"] = Postgres.ConnectionString,
        ["Chain:RpcUrl"] = TestEnvironment.ChainRpcUrl,
        ["Auth:Issuer"] = "ledger-test",
        ["Auth:PublicKeys:0"] = tokenSigningKey.ExportSubjectPublicKeyInfoPem(),
        ["Ledger:Origin"] = ApiFixture.LogOrigin,
        ["Ledger:CheckpointKey"] = checkpointKeyPem,
        ["Ledger:Checkpoints:IntervalSeconds"] = "1",
        ["Ledger:Checkpoints:PollMilliseconds"] = "200",
        ["Verification:PermitsPerMinute"] = "100000",
        ["RateLimits:WritesPerMinute"] = "1000000",
        ["Privacy:KeyEncryptionKey"] = TestEnvironment.PrivacyKey,
        ["Logging:LogLevel:Default"] = "Warning",
    }));

    public string TokenFor(Actor actor, params string[] roles) =>
        Ledger.Cli.DevelopmentTokens.Mint(tokenSigningKey, "ledger-test", "ledger-api", actor, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>A portal and three agencies, each leading a matter of its own, registered and published through the API.</summary>
    public async Task<FaultCity> CityAsync()
    {
        var admin = TokenFor(City.Administrator, Roles.Admin);
        var portal = await RegisterAgencyAsync("上海市一网通办总门户", admin);
        var matters = new List<string>();
        foreach (var (agency, matter) in new[] { ("上海市市场监督管理局", "企业设立登记"), ("上海市消防救援总队", "公众聚集场所消防安全检查"), ("上海市绿化和市容管理局", "户外招牌设置审批") })
        {
            var lead = await RegisterAgencyAsync(agency, admin);
            var code = City.NewMatterCode();
            await SendAsync(HttpMethod.Post, "/api/matters", new
            {
                code,
                definition = new { name = matter, leadAgency = lead, coApprovers = Array.Empty<string>(), requiredMaterials = new[] { "申请书" }, promisedDays = 20 },
            }, admin);
            matters.Add(code);
        }

        return new FaultCity(TokenFor(new Actor(portal, "portal.web"), Roles.Portal), matters);
    }

    /// <summary>Sends a request that must succeed (2xx); its JSON answer.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string url, object? body, string? token)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        Http.Dispose();
        tokenSigningKey.Dispose();
        await Postgres.DisposeAsync();
    }

    private async Task<string> RegisterAgencyAsync(string name, string adminToken)
    {
        var code = City.NewAgencyCode();
        await SendAsync(HttpMethod.Post, "/api/agencies", new { creditCode = code, name, district = "黄浦", certificateTypes = Array.Empty<string>() }, adminToken);
        return code;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
