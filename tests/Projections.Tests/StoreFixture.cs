using Ledger.Testing;
using Marten;

namespace Ledger.Projections.Tests;

/// <summary>A Marten store configured exactly as the API configures it, on this project's own database of the real PostgreSQL.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestEnvironment.DatabaseAsync("ledger_projection_tests");
        Store = DocumentStore.For(options => LedgerStoreOptions.Configure(options, connectionString));
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class StoreCollection : ICollectionFixture<StoreFixture>
{
    public const string Name = "store";
}
