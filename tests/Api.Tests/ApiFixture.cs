using Alba;
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

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    protected virtual string DatabaseName => "ledger_api_tests";

    protected virtual void Configure(IWebHostBuilder web)
    {
    }

    public async Task InitializeAsync()
    {
        var connectionString = await TestEnvironment.DatabaseAsync(DatabaseName);
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Ledger", connectionString);
            web.UseSetting("Chain:RpcUrl", TestEnvironment.ChainRpcUrl);
            web.ConfigureServices(services =>
            {
                services.DisableAllExternalWolverineTransports();
                services.RunWolverineInSoloMode();
                services.AddSingleton<ILoggerProvider>(Logs);
            });
            Configure(web);
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
