using System.Text.RegularExpressions;
using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>The log's head: how many leaves, up to which event position, and the tree head at that size.</summary>
public sealed record LogHead(long Size, long LastPosition, byte[] Root, DateTimeOffset UpdatedAt);

/// <summary>One stored leaf: its event's position, canonical bytes and leaf hash.</summary>
public sealed record StoredLeaf(long Index, long Position, byte[] CanonicalBytes, byte[] LeafHash, DateTimeOffset LoggedAt);

/// <summary>Reads the stored log: head, leaves and nodes; proofs through <see cref="MerkleLog"/>.</summary>
public sealed partial class LogStore(NpgsqlDataSource dataSource, string schema, string? logSchema = null) : IMerkleNodeReader
{
    private readonly string events = CheckedSchema(schema);
    private readonly string schema = CheckedSchema(logSchema ?? schema);

    public MerkleLog Tree => new(this);

    public async Task<LogHead> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select size, last_seq_id, root, updated_at from {schema}.log_head where id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LogHead(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], reader.GetFieldValue<DateTimeOffset>(3))
            : throw new InvalidOperationException($"The log head row is missing from {schema}.log_head.");
    }

    public async Task<StoredLeaf?> LeafAsync(long index, CancellationToken cancellationToken) =>
        (await LeavesAsync("leaf_index = $1", [index], cancellationToken)).SingleOrDefault();

    public async Task<StoredLeaf?> LeafOfEventAsync(long position, CancellationToken cancellationToken) =>
        (await LeavesAsync("seq_id = $1", [position], cancellationToken)).SingleOrDefault();

    /// <summary>The leaves of indices [Start, End), in index order.</summary>
    public Task<IReadOnlyList<StoredLeaf>> LeavesAsync(LeafRange range, CancellationToken cancellationToken) =>
        LeavesAsync("leaf_index >= $1 and leaf_index < $2 order by leaf_index", [range.Start, range.End], cancellationToken);

    /// <summary>The leaf index of each of these event positions that the log has reached.</summary>
    public async Task<IReadOnlyDictionary<long, long>> LeafIndicesAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<long, long>();
        await using var command = dataSource.CreateCommand($"select seq_id, leaf_index from {schema}.log_leaves where seq_id = any($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = positions.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            leaves[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return leaves;
    }

    /// <summary>Whether leaves [<paramref name="from"/>, <paramref name="to"/>) hold an event of a type other than <paramref name="types"/>.</summary>
    public async Task<bool> HasLeavesOtherThanAsync(long from, long to, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"select exists (select 1 from {schema}.log_leaves l join {events}.mt_events e on e.seq_id = l.seq_id where l.leaf_index >= $1 and l.leaf_index < $2 and e.type <> all($3))");
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = types.ToArray() });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadNodesAsync(connection, null, schema, nodes, cancellationToken);
    }

    internal static async Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadNodesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<MerkleNodeId, byte[]>();
        if (nodes.Count == 0)
        {
            return found;
        }

        await using var command = new NpgsqlCommand(
            $"select n.level, n.node_index, n.hash from {schema}.log_nodes n join unnest($1::integer[], $2::bigint[]) as wanted(level, node_index) using (level, node_index)",
            connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = nodes.Select(node => node.Level).ToArray() },
                new NpgsqlParameter { Value = nodes.Select(node => node.Index).ToArray() },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[new MerkleNodeId(reader.GetInt32(0), reader.GetInt64(1))] = (byte[])reader[2];
        }

        return found;
    }

    internal static StoredEvent ReadEvent(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetGuid(1),
        reader.GetGuid(2),
        reader.GetInt64(3),
        reader.GetString(4),
        reader.GetDateTime(5),
        reader.GetString(6));

    internal static string CheckedSchema(string schema) =>
        SchemaName().IsMatch(schema) ? schema : throw new ArgumentException($"'{schema}' is not a plain schema name.", nameof(schema));

    private async Task<IReadOnlyList<StoredLeaf>> LeavesAsync(string condition, IReadOnlyList<long> values, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select leaf_index, seq_id, canonical, leaf_hash, logged_at from {schema}.log_leaves where {condition}");
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leaves = new List<StoredLeaf>();
        while (await reader.ReadAsync(cancellationToken))
        {
            leaves.Add(new StoredLeaf(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3], reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return leaves;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SchemaName();
}
