using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>What one round of logging did.</summary>
public sealed record LogRound(long Size, long LastPosition, int Appended, int LateAppended, int GapsNoticed);

/// <summary>
/// Appends the leaves of newly committed events, in global order, up to the async daemon's high-water mark. One round is
/// one transaction holding the log head's row lock, so any number of hosts may run it: each event gets exactly one leaf.
/// Positions the high-water mark passed without an event are remembered; an event that appears at one later (a
/// transaction that committed late) is appended then, so nothing is ever skipped.
/// </summary>
public sealed class LogWriter(NpgsqlDataSource dataSource, string schema)
{
    private readonly string schema = LogStore.CheckedSchema(schema);

    public async Task<LogRound> AppendAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var (size, lastPosition) = await HeadAsync(connection, transaction, cancellationToken);
        var highWaterMark = await HighWaterMarkAsync(connection, transaction, cancellationToken);

        var late = await ReadEventsAsync(connection, transaction,
            $"select {Columns} from {schema}.mt_events e join {schema}.log_gaps g on g.seq_id = e.seq_id order by e.seq_id limit $1",
            [batchSize], cancellationToken);
        var freshLimit = batchSize - late.Count;
        var fresh = freshLimit <= 0 ? [] : await ReadEventsAsync(connection, transaction,
            $"select {Columns} from {schema}.mt_events e where e.seq_id > $1 and e.seq_id <= $2 order by e.seq_id limit $3",
            [lastPosition, highWaterMark, freshLimit], cancellationToken);

        // Up to where this round has looked: nowhere new, the last fresh event of a full batch, or the high-water mark.
        var lookedUpTo = freshLimit <= 0 ? lastPosition
            : fresh.Count == freshLimit ? fresh[^1].Position
            : Math.Max(lastPosition, highWaterMark);
        var present = fresh.Select(row => row.Position).ToHashSet();
        var gaps = LongRange(lastPosition + 1, lookedUpTo).Where(position => !present.Contains(position)).ToList();

        if (late.Count == 0 && fresh.Count == 0 && gaps.Count == 0 && lookedUpTo == lastPosition)
        {
            return new LogRound(size, lastPosition, 0, 0, 0);
        }

        var stored = await LogStore.ReadNodesAsync(connection, transaction, schema, MerkleFrontier.NodesToResume(size), cancellationToken);
        var frontier = MerkleFrontier.Resume(size, id => stored[id]);
        var leaves = new List<(long Index, long Position, byte[] Hash, byte[] Canonical)>();
        var nodes = new List<(MerkleNodeId Id, byte[] Hash)>();
        foreach (var row in late.Concat(fresh))
        {
            var canonical = EventLeaf.CanonicalBytes(row);
            var leafHash = EventLeaf.Hash(canonical);
            leaves.Add((frontier.Size, row.Position, leafHash, canonical));
            nodes.AddRange(frontier.Append(leafHash));
        }

        await ExecuteAsync(connection, transaction,
            $"insert into {schema}.log_leaves (leaf_index, seq_id, leaf_hash, canonical) select * from unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])",
            [leaves.Select(leaf => leaf.Index).ToArray(), leaves.Select(leaf => leaf.Position).ToArray(), leaves.Select(leaf => leaf.Hash).ToArray(), leaves.Select(leaf => leaf.Canonical).ToArray()],
            cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"insert into {schema}.log_nodes (level, node_index, hash) select * from unnest($1::integer[], $2::bigint[], $3::bytea[])",
            [nodes.Select(node => node.Id.Level).ToArray(), nodes.Select(node => node.Id.Index).ToArray(), nodes.Select(node => node.Hash).ToArray()], cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"insert into {schema}.log_gaps (seq_id) select unnest($1::bigint[]) on conflict do nothing", [gaps.ToArray()], cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"delete from {schema}.log_gaps where seq_id = any($1::bigint[])", [late.Select(row => row.Position).ToArray()], cancellationToken);
        await ExecuteAsync(connection, transaction,
            $"update {schema}.log_head set size = $1, last_seq_id = $2, root = $3, updated_at = now() where id = 1",
            [frontier.Size, Math.Max(lastPosition, lookedUpTo), frontier.Root()], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LogRound(frontier.Size, Math.Max(lastPosition, lookedUpTo), fresh.Count, late.Count, gaps.Count);
    }

    private const string Columns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text";

    private async Task<(long Size, long LastPosition)> HeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select size, last_seq_id from {schema}.log_head where id = 1 for update", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetInt64(1))
            : throw new InvalidOperationException($"The log head row is missing from {schema}.log_head.");
    }

    private async Task<long> HighWaterMarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select coalesce((select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'), 0)", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<StoredEvent>> ReadEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(LogStore.ReadEvent(reader));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var position = from; position <= to; position++)
        {
            yield return position;
        }
    }
}
