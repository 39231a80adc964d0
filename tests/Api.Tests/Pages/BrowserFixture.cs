using System.Net;
using System.Net.Sockets;
using Ledger.Api.Tests.Hosting;
using Ledger.Api.Tests.Log;
using Ledger.Testing;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.Pages;

/// <summary>
/// The anchoring API (an Alba host, which tests use to build a city) plus the same API as a real server on a loopback
/// port, sharing its database, chain and checkpoint key, for a real browser: headless Chromium from Debian, driven by
/// Playwright, with no browser download. Screenshots go to TestResults/screenshots.
/// </summary>
public class BrowserFixture : AnchoringFixture
{
    private const string Chromium = "/usr/bin/chromium";
    private ApiProcess? server;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the browser's API server wrote to its console (the first 500 lines).</summary>
    public IReadOnlyList<string> ServerOutput => server?.Output ?? [];

    public static string Screenshots { get; } = Repository.PathTo("TestResults/screenshots");

    protected override string DatabaseName => "ledger_api_tests_browser";

    public override async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium package (./test.sh does).");
        }

        await base.InitializeAsync();
        await StartServerAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    private async Task StartServerAsync()
    {
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        server = await ApiProcess.StartAsync(BaseUrl, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Ledger"] = ConnectionString,
            ["Chain:RpcUrl"] = Chain.RpcUrl,
            ["Auth:Issuer"] = "ledger-test",
            ["Auth:PublicKeys:0"] = TokenSigningKey.ExportSubjectPublicKeyInfoPem(),
            ["Ledger:Origin"] = LogOrigin,
            ["Ledger:CheckpointKey"] = CheckpointKeyPem,
            ["Verification:PermitsPerMinute"] = "100000",
            ["Privacy:KeyEncryptionKey"] = TestEnvironment.PrivacyKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
