using System.Security.Cryptography;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Testing;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Ledger.Api.Tests;

/// <summary>The real API host (Program), on the real PostgreSQL and chain node of the test run.</summary>
public class ApiFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public RecordedLogs Logs { get; } = new();

    /// <summary>This run's stand-in for the city's identity provider: the API trusts its public key, tests mint tokens with it.</summary>
    public ECDsa TokenSigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string TokenFor(Actor actor, params string[] roles) =>
        Ledger.Cli.DevelopmentTokens.Mint(TokenSigningKey, "ledger-test", "ledger-api", actor, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    public string ConnectionString { get; private set; } = "";

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public const string LogOrigin = "ledger.test/log";

    /// <summary>The one web origin whose pages may call the test hosts from a browser (Cors:AllowedOrigins).</summary>
    public const string CitizenPortal = "https://zwdt.sh.gov.cn";

    /// <summary>This run's checkpoint signing key (PKCS#8 PEM), for any second host on the same database.</summary>
    public string CheckpointKeyPem { get; } = NoteKeys.GeneratePem();

    protected virtual string DatabaseName => "ledger_api_tests";

    /// <summary>Start from an empty database on every run (the database is dropped first).</summary>
    protected virtual bool FreshDatabase => false;

    protected virtual void Configure(IWebHostBuilder web)
    {
    }

    /// <summary>The connection string of this fixture's database: by default one of its own on the test run's server.</summary>
    protected virtual Task<string> DatabaseAsync() => TestEnvironment.DatabaseAsync(DatabaseName, FreshDatabase);

    /// <summary>Work a fixture does before its host starts (start a chain node, deploy a contract).</summary>
    protected virtual Task BeforeHostAsync() => Task.CompletedTask;

    /// <summary>
    /// One node alone runs every Wolverine agent at once, without leader election. Tests of several nodes turn this off,
    /// so that Wolverine elects a leader and assigns each agent to one node as in production.
    /// </summary>
    protected virtual bool SoloNode => true;

    public virtual async Task InitializeAsync()
    {
        var connectionString = ConnectionString = await DatabaseAsync();
        await BeforeHostAsync();
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Ledger", connectionString);
            web.UseSetting("Chain:RpcUrl", TestEnvironment.ChainRpcUrl);
            web.UseSetting("Auth:Issuer", "ledger-test");
            web.UseSetting("Auth:PublicKeys:0", TokenSigningKey.ExportSubjectPublicKeyInfoPem());
            web.UseSetting("Ledger:Origin", LogOrigin);
            web.UseSetting("Ledger:CheckpointKey", CheckpointKeyPem);
            web.UseSetting("Ledger:Checkpoints:IntervalSeconds", "1");
            web.UseSetting("Ledger:Checkpoints:PollMilliseconds", "200");
            web.UseSetting("Verification:PermitsPerMinute", "100000");
            web.UseSetting("RateLimits:WritesPerMinute", "1000000");
            web.UseSetting("Cors:AllowedOrigins:0", CitizenPortal);
            web.UseSetting("Privacy:KeyEncryptionKey", TestEnvironment.PrivacyKey);
            web.ConfigureServices(services =>
            {
                if (SoloNode)
                {
                    services.DisableAllExternalWolverineTransports();
                    services.RunWolverineInSoloMode();
                }

                services.AddSingleton<ILoggerProvider>(Logs);
            });
            Configure(web);
        });
    }

    public virtual async Task DisposeAsync()
    {
        // Warnings and errors of the host go next to the TRX files, for whoever reads a failed run.
        await File.WriteAllLinesAsync(
            Path.Combine(Repository.Root, "TestResults", $"{DatabaseName}-host.log"),
            Logs.AtLeast(LogLevel.Warning).Select(entry => entry.ToString()));
        await Host.DisposeAsync();
        TokenSigningKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
