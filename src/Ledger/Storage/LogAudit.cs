using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;

namespace Ledger.Integrity.Storage;

/// <summary>A tree head the audit compares the recomputed log with: a signed checkpoint, or a root read from the chain.</summary>
public sealed record TrustedRoot(long TreeSize, byte[] Root, string Source);

/// <summary>One divergence: what, where (leaf, event position, stream and version), and the trusted root that proves it.</summary>
public sealed record AuditFinding(string Kind, long? LeafIndex, long? Position, Guid? Stream, long? Version, string What)
{
    public string? ProvenBy { get; init; }
}

public sealed record AuditProgress(string Phase, long Done, long Total);

public sealed record LogAuditResult(long LeavesChecked, long EventsChecked, byte[] RecomputedRoot, IReadOnlyList<AuditFinding> Findings, IReadOnlyList<TrustedRoot> RootsMatched);

/// <summary>
/// Recomputes the whole log from the events as they are stored now, and compares: every event's canonical bytes and leaf
/// hash with the stored leaf, every stored leaf with an event, every event with a leaf, and the recomputed tree heads with
/// the stored head and with every trusted root (signed checkpoints, and roots anchored on chain).
/// <para>
/// One query reads leaves and events together, once, in leaf order; while it streams the next batch, the current one is
/// checked on every core (canonical bytes and hashes are independent per leaf), and then appended to the tree in order.
/// Only the tree's right edge and a few batches are held, so memory stays small whatever the log's size.
/// </para>
/// </summary>
public sealed class LogAudit(NpgsqlDataSource dataSource, string schema)
{
    private const int LeavesPerBatch = 4096;
    private const int BatchesAhead = 4;

    private readonly string schema = LogStore.CheckedSchema(schema);

    /// <summary>A stored leaf and the event it was made from (null when the event is gone), as one row of the audit's query.</summary>
    private sealed record LeafRow(long Index, long Position, byte[] StoredHash, byte[] StoredCanonical, StoredEvent? Event);

    /// <summary>What a leaf's event gives today, and what is wrong with the leaf, if anything.</summary>
    private sealed record CheckedLeaf(byte[] Hash, IReadOnlyList<AuditFinding> Findings);

    public async Task<LogAuditResult> RunAsync(IReadOnlyList<TrustedRoot> trustedRoots, IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        var store = new LogStore(dataSource, schema);
        var head = await store.HeadAsync(cancellationToken);
        var tree = new RecomputedTree(trustedRoots);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<LeafRow[]>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        var reading = ReadLeavesAsync(batches.Writer, stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                var checkedLeaves = new CheckedLeaf[batch.Length];
                Parallel.ForEach(Partitioner.Create(0, batch.Length, 256), new ParallelOptions { CancellationToken = stop.Token }, range =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        checkedLeaves[i] = CheckLeaf(batch[i]);
                    }
                });

                for (var i = 0; i < batch.Length; i++)
                {
                    tree.Append(batch[i].Index, checkedLeaves[i]);
                }

                progress?.Report(new AuditProgress("leaves", tree.Size, head.Size));
            }
        }
        finally
        {
            // A loop that ends early (a failure, a cancellation) stops the reader, and lets it give back its connection.
            // A failed read ends the loop itself: the channel is completed with the reader's exception.
            await stop.CancelAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        progress?.Report(new AuditProgress("leaves", tree.Size, head.Size));
        var findings = tree.Finish(head);
        var unlogged = await UnloggedEventsAsync(head.LastPosition, cancellationToken);
        findings.AddRange(unlogged);
        AttributeFirstDivergence(findings, tree.RootsBySize);
        return new LogAuditResult(tree.Size, tree.Size + unlogged.Count, tree.Root, [.. findings.OrderBy(finding => finding.LeafIndex ?? long.MaxValue)], tree.Matched);
    }

    /// <summary>The tree rebuilt from the events' leaves in leaf order, compared with each trusted root as it reaches its size.</summary>
    private sealed class RecomputedTree(IReadOnlyList<TrustedRoot> trustedRoots)
    {
        private readonly MerkleFrontier frontier = MerkleFrontier.Empty();
        private readonly List<AuditFinding> findings = [];
        private int nextRoot;
        private long expectedIndex;

        public List<TrustedRoot> RootsBySize { get; } = [.. trustedRoots.Where(root => root.TreeSize > 0).OrderBy(root => root.TreeSize)];

        public List<TrustedRoot> Matched { get; } = [];

        public long Size => frontier.Size;

        public byte[] Root => frontier.Root();

        public void Append(long index, CheckedLeaf leaf)
        {
            if (index != expectedIndex)
            {
                findings.Add(new AuditFinding("leaf-missing", expectedIndex, null, null, null, $"Leaves {expectedIndex} to {index - 1} are missing from the stored log."));
            }

            findings.AddRange(leaf.Findings);
            frontier.Append(leaf.Hash);
            expectedIndex = index + 1;
            while (nextRoot < RootsBySize.Count && RootsBySize[nextRoot].TreeSize == frontier.Size)
            {
                CompareRoot(RootsBySize[nextRoot++], frontier.Root(), findings, Matched);
            }
        }

        /// <summary>Every finding so far, with the trusted roots beyond the stored log and a stored head the events do not give.</summary>
        public List<AuditFinding> Finish(LogHead head)
        {
            foreach (var beyond in RootsBySize.Skip(nextRoot))
            {
                findings.Add(new AuditFinding("log-truncated", frontier.Size, null, null, null,
                    $"{beyond.Source} covers {beyond.TreeSize} leaves, but the stored log has only {frontier.Size}.") { ProvenBy = beyond.Source });
            }

            if (frontier.Size == head.Size && !frontier.Root().AsSpan().SequenceEqual(head.Root))
            {
                findings.Add(new AuditFinding("head-altered", null, null, null, null,
                    $"The stored log head at {head.Size} leaves says {Convert.ToHexStringLower(head.Root)}; the events give {Convert.ToHexStringLower(frontier.Root())}."));
            }

            return findings;
        }
    }

    /// <summary>Every stored leaf with its event, in leaf order, in batches; the channel is completed with the query's failure, if any.</summary>
    private async Task ReadLeavesAsync(ChannelWriter<LeafRow[]> batches, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand($"""
                select l.leaf_index, l.seq_id, l.leaf_hash, l.canonical,
                       e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text
                from {schema}.log_leaves l left join {schema}.mt_events e on e.seq_id = l.seq_id
                order by l.leaf_index
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var batch = new List<LeafRow>(LeavesPerBatch);
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = reader.IsDBNull(4)
                    ? null
                    : new StoredEvent(reader.GetInt64(4), reader.GetGuid(5), reader.GetGuid(6), reader.GetInt64(7), reader.GetString(8), reader.GetDateTime(9), reader.GetString(10));
                batch.Add(new LeafRow(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3], stored));
                if (batch.Count == LeavesPerBatch)
                {
                    await batches.WriteAsync([.. batch], cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await batches.WriteAsync([.. batch], cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception exception)
        {
            batches.Complete(exception);
            throw;
        }
    }

    /// <summary>One stored leaf against its event as stored now: the leaf hash the event gives today, and what differs.</summary>
    private static CheckedLeaf CheckLeaf(LeafRow leaf)
    {
        var findings = new List<AuditFinding>(0);
        void Found(string kind, string what, StoredEvent? row = null)
        {
            var (stream, version) = Identify(leaf.StoredCanonical);
            findings.Add(new AuditFinding(kind, leaf.Index, leaf.Position, stream ?? row?.StreamId, version ?? row?.Version, what));
        }

        var storedLeafHash = EventLeaf.Hash(leaf.StoredCanonical);
        if (!storedLeafHash.AsSpan().SequenceEqual(leaf.StoredHash))
        {
            Found("leaf-hash-altered", $"Stored leaf {leaf.Index}'s hash is not the hash of its stored canonical bytes.");
        }

        if (leaf.Event is not { } row)
        {
            Found("event-deleted", $"The event at position {leaf.Position} (leaf {leaf.Index}) is no longer in the event store: it was deleted.");
            return new CheckedLeaf(MerkleHash.Empty(), findings);
        }

        var canonical = EventLeaf.CanonicalBytes(row);
        if (canonical.AsSpan().SequenceEqual(leaf.StoredCanonical))
        {
            return new CheckedLeaf(storedLeafHash, findings);
        }

        Found("event-altered", $"The event at position {leaf.Position} (leaf {leaf.Index}) no longer matches its leaf: {Difference(leaf.StoredCanonical, canonical)}.", row);
        return new CheckedLeaf(EventLeaf.Hash(canonical), findings);
    }

    private static void CompareRoot(TrustedRoot trusted, byte[] recomputed, List<AuditFinding> findings, List<TrustedRoot> matched)
    {
        if (recomputed.AsSpan().SequenceEqual(trusted.Root))
        {
            matched.Add(trusted);
            return;
        }

        findings.Add(new AuditFinding("root-mismatch", trusted.TreeSize - 1, null, null, null,
            $"{trusted.Source} says the tree of {trusted.TreeSize} leaves has root {Convert.ToHexStringLower(trusted.Root)}; the events as stored now give {Convert.ToHexStringLower(recomputed)}: history up to that size was rewritten.")
        {
            ProvenBy = trusted.Source,
        });
    }

    /// <summary>Each leaf-level finding is proven by the first trusted root that covers it.</summary>
    private static void AttributeFirstDivergence(List<AuditFinding> findings, IReadOnlyList<TrustedRoot> roots)
    {
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i].ProvenBy is null && findings[i].LeafIndex is { } leaf && roots.FirstOrDefault(root => root.TreeSize > leaf) is { } covering)
            {
                findings[i] = findings[i] with { ProvenBy = covering.Source };
            }
        }
    }

    private async Task<List<AuditFinding>> UnloggedEventsAsync(long lastPosition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            select e.seq_id, e.stream_id, e.version, e.type from {schema}.mt_events e
            where e.seq_id <= $1 and not exists (select 1 from {schema}.log_leaves l where l.seq_id = e.seq_id)
            order by e.seq_id limit 1000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = lastPosition });
        var findings = new List<AuditFinding>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            findings.Add(new AuditFinding("event-not-logged", null, reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2),
                $"The event at position {reader.GetInt64(0)} ({reader.GetString(3)}) has no leaf although the log has passed it: it was inserted behind the log's back."));
        }

        return findings;
    }

    private static (Guid? Stream, long? Version) Identify(byte[] canonical)
    {
        try
        {
            var leaf = JsonNode.Parse(canonical);
            return (Guid.TryParse(leaf?["stream"]?.GetValue<string>(), out var stream) ? stream : null, leaf?["version"]?.GetValue<long>());
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return (null, null);
        }
    }

    /// <summary>Names the first member that differs between what was logged and what is stored now, with a JSON path into data.</summary>
    public static string Difference(byte[] logged, byte[] now)
    {
        var before = JsonNode.Parse(logged);
        var after = JsonNode.Parse(now);
        return FirstDifference(before, after, "$") is { } path ? $"{path} was {Show(At(before, path))}, is now {Show(At(after, path))}" : "the bytes differ";
    }

    private static string? FirstDifference(JsonNode? before, JsonNode? after, string path)
    {
        if (before is JsonObject left && after is JsonObject right)
        {
            foreach (var name in left.Select(pair => pair.Key).Union(right.Select(pair => pair.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (FirstDifference(left[name], right[name], $"{path}.{name}") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (before is JsonArray leftArray && after is JsonArray rightArray)
        {
            for (var i = 0; i < Math.Max(leftArray.Count, rightArray.Count); i++)
            {
                if (FirstDifference(i < leftArray.Count ? leftArray[i] : null, i < rightArray.Count ? rightArray[i] : null, $"{path}[{i}]") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        return JsonNode.DeepEquals(before, after) ? null : path;
    }

    private static JsonNode? At(JsonNode? root, string path)
    {
        var node = root;
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
            }

            node = node is JsonObject obj ? obj[name] : null;
            foreach (var index in part[(bracket < 0 ? part.Length : bracket)..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries))
            {
                node = node is JsonArray array && int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < array.Count ? array[i] : null;
            }
        }

        return node;
    }

    private static string Show(JsonNode? node) => node is null ? "absent" : node.ToJsonString() is { Length: > 120 } text ? text[..120] + "…" : node.ToJsonString();
}
