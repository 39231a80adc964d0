using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();
    private Process? server;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What the browser's API server wrote to its console (the first 200 lines).</summary>
    public IReadOnlyList<string> ServerOutput => [.. output];

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
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var api = Repository.PathTo($"src/Api/bin/{configuration}/net10.0/Ledger.Api.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{api}\"")
        {
            WorkingDirectory = Repository.PathTo("src/Api"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["ConnectionStrings__Ledger"] = ConnectionString;
        start.Environment["Chain__RpcUrl"] = Chain.RpcUrl;
        start.Environment["Auth__Issuer"] = "ledger-test";
        start.Environment["Auth__PublicKeys__0"] = TokenSigningKey.ExportSubjectPublicKeyInfoPem();
        start.Environment["Ledger__Origin"] = LogOrigin;
        start.Environment["Ledger__CheckpointKey"] = CheckpointKeyPem;
        start.Environment["Verification__PermitsPerMinute"] = "100000";
        start.Environment["Privacy__KeyEncryptionKey"] = TestEnvironment.PrivacyKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        server = Process.Start(start) ?? throw new InvalidOperationException("The API server did not start.");
        server.OutputDataReceived += (_, line) => Remember(line.Data);
        server.ErrorDataReceived += (_, line) => Remember(line.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            server.HasExited.ShouldBeFalse("the API server exited at start-up: " + string.Join('\n', output));
            await Task.Delay(250);
        }

        throw new TimeoutException($"The API server did not answer on {BaseUrl} within 60 s.");
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        await base.DisposeAsync();
    }

    private void Remember(string? line)
    {
        if (line is not null && output.Count < 200)
        {
            output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
