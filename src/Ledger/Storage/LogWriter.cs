using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>What one round of logging did.</summary>
public sealed record LogRound(long Size, long LastPosition, int Appended, int LateAppended, long? WaitingOnGap);

/// <summary>
/// Appends the leaves of newly committed events, in global order, up to the async daemon's high-water mark. One round is
/// one transaction holding the log head's row lock, so any number of hosts may run it and each event gets exactly one leaf.
/// <para>
/// A position with no event (a sequence number taken by a transaction that has not committed, or never will) stops the
/// log there until no transaction that was open when the gap was noticed is still open: only then can the number never be
/// committed, and the log passes it. So a late commit still gets its leaf in order. Should an event ever appear at a
/// position already passed, it is appended at the end rather than lost (and reported as late).
/// </para>
/// </summary>
/// <param name="schema">The event store's schema (mt_events), where the log's tables also live unless <paramref name="logSchema"/> says otherwise.</param>
/// <param name="logSchema">Where to keep the log's tables: another schema rebuilds the log from scratch beside the live one.</param>
public sealed class LogWriter(NpgsqlDataSource dataSource, string schema, string? logSchema = null)
{
    private const string Columns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text";
    private readonly string events = LogStore.CheckedSchema(schema);
    private readonly string schema = LogStore.CheckedSchema(logSchema ?? schema);

    public async Task<LogRound> AppendAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sql = new Sql(connection, transaction);

        var (size, lastPosition) = await HeadAsync(sql, cancellationToken);
        var highWaterMark = await sql.ScalarAsync<long>(
            $"select coalesce((select last_seq_id from {events}.mt_event_progression where name = 'HighWaterMark'), 0)", [], cancellationToken);
        await SettleGapsAsync(sql, cancellationToken);

        var late = await ReadEventsAsync(sql,
            $"select {Columns} from {events}.mt_events e join {schema}.log_gaps g on g.seq_id = e.seq_id where g.settled_at is not null order by e.seq_id limit $1",
            [batchSize], cancellationToken);
        var fresh = await ReadEventsAsync(sql,
            $"select {Columns} from {events}.mt_events e where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id limit $3",
            [lastPosition, highWaterMark, batchSize], cancellationToken);
        var settled = (await sql.ListAsync<long>(
            $"select seq_id from {schema}.log_gaps where seq_id > $1 and settled_at is not null", [lastPosition], cancellationToken)).ToHashSet();

        var end = fresh.Count == batchSize ? fresh[^1].Position : Math.Max(lastPosition, highWaterMark);
        var (accepted, position, waitingOn) = Walk(lastPosition, end, fresh, settled);
        List<long> newGaps = waitingOn is { } gap ? [gap] : [];

        if (accepted.Count == 0 && late.Count == 0 && position == lastPosition)
        {
            await RecordGapsAsync(sql, newGaps, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new LogRound(size, lastPosition, 0, 0, waitingOn);
        }

        var frontier = await AppendLeavesAsync(sql, size, [.. late, .. accepted], cancellationToken);
        await RecordGapsAsync(sql, newGaps, cancellationToken);
        await sql.ExecuteAsync($"delete from {schema}.log_gaps where seq_id = any($1::bigint[])", [late.Select(row => row.Position).ToArray()], cancellationToken);
        await sql.ExecuteAsync($"update {schema}.log_head set size = $1, last_seq_id = $2, root = $3, updated_at = now() where id = 1",
            [frontier.Size, position, frontier.Root()], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LogRound(frontier.Size, position, accepted.Count, late.Count, waitingOn);
    }

    /// <summary>
    /// From the last logged position up to <paramref name="end"/>, through events and settled gaps, stopping at the first
    /// open gap: the events to log, the position reached, and the gap waited on if any.
    /// </summary>
    public static (List<StoredEvent> Accepted, long Position, long? WaitingOn) Walk(long lastPosition, long end, IReadOnlyList<StoredEvent> fresh, IReadOnlySet<long> settled)
    {
        var accepted = new List<StoredEvent>();
        var position = lastPosition;
        var next = 0;
        while (position < end)
        {
            var candidate = position + 1;
            if (next < fresh.Count && fresh[next].Position == candidate)
            {
                accepted.Add(fresh[next++]);
            }
            else if (!settled.Contains(candidate))
            {
                return (accepted, position, candidate);
            }

            position = candidate;
        }

        return (accepted, position, null);
    }

    private async Task<MerkleFrontier> AppendLeavesAsync(Sql sql, long size, IReadOnlyList<StoredEvent> rows, CancellationToken cancellationToken)
    {
        var stored = await LogStore.ReadNodesAsync(sql.Connection, sql.Transaction, schema, MerkleFrontier.NodesToResume(size), cancellationToken);
        var frontier = MerkleFrontier.Resume(size, id => stored[id]);
        var leaves = new List<(long Index, long Position, byte[] Hash, byte[] Canonical)>();
        var nodes = new List<(MerkleNodeId Id, byte[] Hash)>();
        foreach (var row in rows)
        {
            var canonical = EventLeaf.CanonicalBytes(row);
            var leafHash = EventLeaf.Hash(canonical);
            leaves.Add((frontier.Size, row.Position, leafHash, canonical));
            nodes.AddRange(frontier.Append(leafHash));
        }

        await sql.ExecuteAsync(
            $"insert into {schema}.log_leaves (leaf_index, seq_id, leaf_hash, canonical) select * from unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])",
            [leaves.Select(leaf => leaf.Index).ToArray(), leaves.Select(leaf => leaf.Position).ToArray(), leaves.Select(leaf => leaf.Hash).ToArray(), leaves.Select(leaf => leaf.Canonical).ToArray()],
            cancellationToken);
        await sql.ExecuteAsync(
            $"insert into {schema}.log_nodes (level, node_index, hash) select * from unnest($1::integer[], $2::bigint[], $3::bytea[])",
            [nodes.Select(node => node.Id.Level).ToArray(), nodes.Select(node => node.Id.Index).ToArray(), nodes.Select(node => node.Hash).ToArray()], cancellationToken);
        return frontier;
    }

    /// <summary>
    /// A gap is noticed at clock_timestamp(), after the sequence number was taken. It is settled once every client
    /// transaction open in this database started after that: the one that took the number has ended, committed or not.
    /// </summary>
    private Task SettleGapsAsync(Sql sql, CancellationToken cancellationToken) => sql.ExecuteAsync($"""
        update {schema}.log_gaps set settled_at = clock_timestamp()
        where settled_at is null and noticed_at < coalesce(
            (select min(xact_start) from pg_stat_activity
             where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid() and xact_start is not null),
            'infinity'::timestamptz)
        """, [], cancellationToken);

    private Task RecordGapsAsync(Sql sql, IReadOnlyList<long> gaps, CancellationToken cancellationToken) =>
        sql.ExecuteAsync($"insert into {schema}.log_gaps (seq_id, noticed_at) select unnest($1::bigint[]), clock_timestamp() on conflict do nothing",
            [gaps.ToArray()], cancellationToken);

    private async Task<(long Size, long LastPosition)> HeadAsync(Sql sql, CancellationToken cancellationToken)
    {
        await using var command = sql.Command($"select size, last_seq_id from {schema}.log_head where id = 1 for update", []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetInt64(1))
            : throw new InvalidOperationException($"The log head row is missing from {schema}.log_head.");
    }

    private static async Task<List<StoredEvent>> ReadEventsAsync(Sql sql, string text, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = sql.Command(text, parameters);
        var rows = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(LogStore.ReadEvent(reader));
        }

        return rows;
    }

    private sealed record Sql(NpgsqlConnection Connection, NpgsqlTransaction Transaction)
    {
        public NpgsqlCommand Command(string text, object[] parameters)
        {
            var command = new NpgsqlCommand(text, Connection, Transaction);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            return command;
        }

        public async Task ExecuteAsync(string text, object[] parameters, CancellationToken cancellationToken)
        {
            await using var command = Command(text, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<T> ScalarAsync<T>(string text, object[] parameters, CancellationToken cancellationToken)
        {
            await using var command = Command(text, parameters);
            return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public async Task<List<T>> ListAsync<T>(string text, object[] parameters, CancellationToken cancellationToken)
        {
            await using var command = Command(text, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var values = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                values.Add(reader.GetFieldValue<T>(0));
            }

            return values;
        }
    }
}
