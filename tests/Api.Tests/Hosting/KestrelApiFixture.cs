using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Testing;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// The real API host (Program) behind Kestrel on a loopback port of its own, configured as <see cref="ApiFixture"/> configures
/// its in-process host, on a fresh database of its own: a request goes over a real socket, so a connection the server drops
/// is an <see cref="HttpRequestException"/> at the caller, and Kestrel's own limits and parsing are in the way as in production.
/// </summary>
public sealed class KestrelApiFixture : IAsyncLifetime
{
    private const string DatabaseName = "ledger_api_tests_hostile";

    private Listener factory = null!;

    public RecordedLogs Logs { get; } = new();

    public ECDsa TokenSigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A client of the listener's address through a real socket handler; no retries, no redirects.</summary>
    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => factory.Services.GetRequiredService<IDocumentStore>();

    public string TokenFor(Actor actor, params string[] roles) =>
        Ledger.Cli.DevelopmentTokens.Mint(TokenSigningKey, "ledger-test", "ledger-api", actor, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    public async Task InitializeAsync()
    {
        var connectionString = await TestEnvironment.DatabaseAsync(DatabaseName, fresh: true);
        // Program ends in JasperFx's command runner; as Alba does, tell it to start the host and leave the arguments alone.
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        factory = new Listener(web => Configure(web, connectionString));
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private void Configure(IWebHostBuilder web, string connectionString)
    {
        web.UseUrls("http://127.0.0.1:0");
        web.UseSetting("ConnectionStrings:Ledger", connectionString);
        web.UseSetting("Chain:RpcUrl", TestEnvironment.ChainRpcUrl);
        web.UseSetting("Auth:Issuer", "ledger-test");
        web.UseSetting("Auth:PublicKeys:0", TokenSigningKey.ExportSubjectPublicKeyInfoPem());
        web.UseSetting("Ledger:Origin", ApiFixture.LogOrigin);
        web.UseSetting("Ledger:CheckpointKey", NoteKeys.GeneratePem());
        web.UseSetting("Ledger:Checkpoints:IntervalSeconds", "1");
        web.UseSetting("Ledger:Checkpoints:PollMilliseconds", "200");
        web.UseSetting("Verification:PermitsPerMinute", "100000");
        web.UseSetting("RateLimits:WritesPerMinute", "1000000");
        web.UseSetting("Privacy:KeyEncryptionKey", TestEnvironment.PrivacyKey);
        // Ten thousand refusals written to the console would take longer than sending them: the host's log goes to memory only.
        web.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        web.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.RunWolverineInSoloMode();
        });
    }

    /// <summary>The stream's version as the store has it now; 0 when there is no such stream.</summary>
    public async Task<long> StreamVersion(Guid stream)
    {
        await using var query = Store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(stream))?.Version ?? 0;
    }

    /// <summary>POST a JSON text (or nothing) with a bearer token; the status and the answer's text.</summary>
    public async Task<(int Status, string Text)> Post(string url, string? json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Send(request, token);
    }

    /// <summary>The type and stream of the last <paramref name="count"/> business events, for a failure message.</summary>
    public async Task<string> LatestEventTypes(int count)
    {
        await using var query = Store.QuerySession();
        var latest = await query.QueryAsync<string>("select type || ' on ' || stream_id::text from ledger.mt_events where type <> all(?) order by seq_id desc limit ?",
            CancellationToken.None, CheckpointWriter.OwnEventTypes.Append("tombstone").ToArray(), Math.Clamp(count, 1, 10));
        return string.Join(", ", latest);
    }

    /// <summary>POST these bytes as they are, with this content type (or none).</summary>
    public async Task<(int Status, string Text)> PostBytes(string url, byte[] body, string? contentType, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await Send(request, token);
    }

    public async Task<(int Status, string Text)> Get(string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await Send(request, token);
    }

    /// <summary>A step of the setup that must succeed: POST (or GET when <paramref name="body"/> is null) and expect this status.</summary>
    public async Task<JsonElement> Expect(string url, object? body, string token, int status)
    {
        var (answered, text) = body is null ? await Get(url, token) : await Post(url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web), token);
        answered.ShouldBe(status, $"{url}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(int Status, string Text)> Send(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class Listener(Action<IWebHostBuilder> configure) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => configure(builder);
    }

    public async Task DisposeAsync()
    {
        await File.WriteAllLinesAsync(
            Path.Combine(Repository.Root, "TestResults", $"{DatabaseName}-host.log"),
            Logs.AtLeast(LogLevel.Warning).Select(entry => entry.ToString()));
        Client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        TokenSigningKey.Dispose();
    }
}
