using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>
/// The log's tables, beside the event store in the same schema: leaves (canonical bytes and hash, by leaf index and by
/// event position), the perfect subtree nodes, the head (size, last position logged, tree head) and the positions the
/// high-water mark passed without an event: held until no transaction that could still commit them is open.
/// </summary>
public static class LogSchema
{
    public static string Sql(string schema) => $"""
        create schema if not exists {schema};
        create table if not exists {schema}.log_leaves (
            leaf_index bigint primary key,
            seq_id bigint not null unique,
            leaf_hash bytea not null,
            canonical bytea not null,
            logged_at timestamptz not null default now());
        create table if not exists {schema}.log_nodes (
            level integer not null,
            node_index bigint not null,
            hash bytea not null,
            primary key (level, node_index));
        create table if not exists {schema}.log_head (
            id integer primary key check (id = 1),
            size bigint not null,
            last_seq_id bigint not null,
            root bytea not null,
            updated_at timestamptz not null default now());
        create table if not exists {schema}.log_gaps (
            seq_id bigint primary key,
            noticed_at timestamptz not null,
            settled_at timestamptz);
        insert into {schema}.log_head (id, size, last_seq_id, root)
            values (1, 0, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'))
            on conflict (id) do nothing;
        """;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two hosts starting together must not race on "create table if not exists".
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('ledger.log_schema'))", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Sql(schema), connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
