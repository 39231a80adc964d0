using Ledger.Projections;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>The stored log of this host's database: its reader, its writer and its tables.</summary>
public sealed class LedgerLog : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private volatile bool schemaReady;

    public LedgerLog(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        Store = new LogStore(dataSource, LedgerStoreOptions.Schema);
        Writer = new LogWriter(dataSource, LedgerStoreOptions.Schema);
        Audit = new LogAudit(dataSource, LedgerStoreOptions.Schema);
    }

    public LogAudit Audit { get; }

    public LogStore Store { get; }

    public LogWriter Writer { get; }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!schemaReady)
        {
            await LogSchema.EnsureAsync(dataSource, LedgerStoreOptions.Schema, cancellationToken);
            schemaReady = true;
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
