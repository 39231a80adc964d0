using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;
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
/// the stored head and with every trusted root (signed checkpoints, and roots anchored on chain). Reads are streamed, and
/// only the tree's right edge is kept, so memory stays small whatever the log's size.
/// </summary>
public sealed class LogAudit(NpgsqlDataSource dataSource, string schema)
{
    private readonly string schema = LogStore.CheckedSchema(schema);

    public async Task<LogAuditResult> RunAsync(IReadOnlyList<TrustedRoot> trustedRoots, IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        var store = new LogStore(dataSource, schema);
        var head = await store.HeadAsync(cancellationToken);
        var findings = new List<AuditFinding>();
        var matched = new List<TrustedRoot>();
        var bySize = trustedRoots.Where(root => root.TreeSize > 0).OrderBy(root => root.TreeSize).ToList();
        var nextRoot = 0;
        var frontier = MerkleFrontier.Empty();
        long expectedIndex = 0;

        await using (var command = dataSource.CreateCommand($"""
            select l.leaf_index, l.seq_id, l.leaf_hash, l.canonical,
                   e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.data::text
            from {schema}.log_leaves l left join {schema}.mt_events e on e.seq_id = l.seq_id
            order by l.leaf_index
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var index = reader.GetInt64(0);
                if (index != expectedIndex)
                {
                    findings.Add(new AuditFinding("leaf-missing", expectedIndex, null, null, null,
                        $"Leaves {expectedIndex} to {index - 1} are missing from the stored log."));
                }

                var leafHash = CheckLeaf(reader, findings);
                frontier.Append(leafHash);
                expectedIndex = index + 1;
                while (nextRoot < bySize.Count && bySize[nextRoot].TreeSize == frontier.Size)
                {
                    CompareRoot(bySize[nextRoot++], frontier.Root(), findings, matched);
                }

                if (frontier.Size % 1000 == 0)
                {
                    progress?.Report(new AuditProgress("leaves", frontier.Size, head.Size));
                }
            }
        }

        progress?.Report(new AuditProgress("leaves", frontier.Size, head.Size));
        foreach (var beyond in bySize.Skip(nextRoot))
        {
            findings.Add(new AuditFinding("log-truncated", frontier.Size, null, null, null,
                $"{beyond.Source} covers {beyond.TreeSize} leaves, but the stored log has only {frontier.Size}.") { ProvenBy = beyond.Source });
        }

        if (frontier.Size == head.Size && !frontier.Root().AsSpan().SequenceEqual(head.Root))
        {
            findings.Add(new AuditFinding("head-altered", null, null, null, null,
                $"The stored log head at {head.Size} leaves says {Convert.ToHexStringLower(head.Root)}; the events give {Convert.ToHexStringLower(frontier.Root())}."));
        }

        var unlogged = await UnloggedEventsAsync(head.LastPosition, cancellationToken);
        findings.AddRange(unlogged);
        AttributeFirstDivergence(findings, bySize);
        return new LogAuditResult(frontier.Size, frontier.Size + unlogged.Count, frontier.Root(), [.. findings.OrderBy(finding => finding.LeafIndex ?? long.MaxValue)], matched);
    }

    /// <summary>One stored leaf against its event as stored now; returns the leaf hash the event gives today.</summary>
    private static byte[] CheckLeaf(NpgsqlDataReader reader, List<AuditFinding> findings)
    {
        var index = reader.GetInt64(0);
        var position = reader.GetInt64(1);
        var storedHash = (byte[])reader[2];
        var storedCanonical = (byte[])reader[3];
        var (stream, version) = Identify(storedCanonical);
        if (!EventLeaf.Hash(storedCanonical).AsSpan().SequenceEqual(storedHash))
        {
            findings.Add(new AuditFinding("leaf-hash-altered", index, position, stream, version,
                $"Stored leaf {index}'s hash is not the hash of its stored canonical bytes."));
        }

        if (reader.IsDBNull(4))
        {
            findings.Add(new AuditFinding("event-deleted", index, position, stream, version,
                $"The event at position {position} (leaf {index}) is no longer in the event store: it was deleted."));
            return MerkleHash.Empty();
        }

        var row = new StoredEvent(reader.GetInt64(4), reader.GetGuid(5), reader.GetGuid(6), reader.GetInt64(7), reader.GetString(8), reader.GetDateTime(9), reader.GetString(10));
        var canonical = EventLeaf.CanonicalBytes(row);
        if (!canonical.AsSpan().SequenceEqual(storedCanonical))
        {
            findings.Add(new AuditFinding("event-altered", index, position, stream ?? row.StreamId, version ?? row.Version,
                $"The event at position {position} (leaf {index}) no longer matches its leaf: {Difference(storedCanonical, canonical)}."));
        }

        return EventLeaf.Hash(canonical);
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
