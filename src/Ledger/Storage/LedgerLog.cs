using Ledger.Projections;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>The stored log of this host's database: its reader, its writer and its tables.</summary>
public sealed class LedgerLog : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private volatile bool schemaReady;

    private readonly string schema;

    /// <param name="schema">The event store's schema (Ledger:Schema), where the log's tables live beside Marten's.</param>
    public LedgerLog(string connectionString, string schema = LedgerStoreOptions.Schema)
    {
        this.schema = schema;
        dataSource = NpgsqlDataSource.Create(connectionString);
        Store = new LogStore(dataSource, schema);
        Writer = new LogWriter(dataSource, schema);
        Audit = new LogAudit(dataSource, schema);
    }

    public LogAudit Audit { get; }

    public LogStore Store { get; }

    public LogWriter Writer { get; }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (!schemaReady)
        {
            await LogSchema.EnsureAsync(dataSource, schema, cancellationToken);
            schemaReady = true;
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
