using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ledger.Projections.Agencies;
using Ledger.Projections.Applications;
using Ledger.Projections.Bundles;
using Ledger.Projections.Certificates;
using Ledger.Projections.Incidents;
using Ledger.Projections.Log;
using Ledger.Projections.Matters;
using Marten;

namespace Ledger.Projections.Audit;

/// <summary>A read-model row that is not what its events make of it: changed, missing, or with no stream behind it.</summary>
public sealed record ReadModelFinding(string ReadModel, Guid Id, string What);

/// <summary>
/// Checks every inline read model against its events: each stream is folded again, from scratch and in memory, by the
/// same projection, and the result is compared with the stored row. A row edited, deleted or added behind the API's back
/// is named with its id and the first field that differs.
/// </summary>
public static class ReadModelAudit
{
    private const int StreamsPerBatch = 500;
    private const int BatchesAtOnce = 3;

    public static async Task<IReadOnlyList<ReadModelFinding>> RunAsync(IDocumentStore store, Action<string, long, long>? progress, CancellationToken cancellationToken)
    {
        var findings = new List<ReadModelFinding>();
        findings.AddRange(await CheckAsync<AgencyProfile>(store, "agency", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<MatterCatalogueEntry>(store, "matter", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<ApplicationStatus>(store, "application", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<BundleStatus>(store, "bundle", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<CertificateRecord>(store, "certificate", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<CheckpointRecord>(store, "checkpoint_record", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<CategoryCatalogueEntry>(store, "category", row => row.Id, progress, cancellationToken));
        findings.AddRange(await CheckAsync<CaseStatus>(store, "case", row => row.Id, progress, cancellationToken));
        return findings;
    }

    /// <summary>
    /// Every stream of one kind, a batch of streams at a time (a few batches at once, each in its own session): the
    /// batch's events in one query and its rows in another, each stream folded in memory and compared with its row. A
    /// stream whose row differs is checked again on its own (<see cref="CheckStreamAsync{T}"/>) before it is reported.
    /// </summary>
    private static async Task<List<ReadModelFinding>> CheckAsync<T>(
        IDocumentStore store, string streamType, Func<T, Guid> idOf, Action<string, long, long>? progress, CancellationToken cancellationToken)
        where T : class
    {
        var name = typeof(T).Name;
        IReadOnlyList<Guid> streams;
        await using (var session = store.QuerySession())
        {
            streams = await session.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where type = ? order by id", cancellationToken, streamType);
        }

        var findings = new ConcurrentBag<ReadModelFinding>();
        var checkedCount = 0L;
        await Parallel.ForEachAsync(streams.Chunk(StreamsPerBatch), new ParallelOptions { MaxDegreeOfParallelism = BatchesAtOnce, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                foreach (var finding in await CheckBatchAsync(store, batch, idOf, token))
                {
                    findings.Add(finding);
                }

                progress?.Invoke(name, Interlocked.Add(ref checkedCount, batch.Length), streams.Count);
            });

        progress?.Invoke(name, streams.Count, streams.Count);
        var known = streams.ToHashSet();
        await using var query = store.QuerySession();
        var rows = await query.QueryAsync<Guid>($"select id from {store.Options.Schema.For<T>(qualified: true)}", cancellationToken);
        var orphans = rows.Where(id => !known.Contains(id)).ToArray();
        if (orphans.Length > 0)
        {
            // A stream started after the list was read is not an orphan.
            var started = await query.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", cancellationToken, orphans);
            return [.. findings.OrderBy(finding => finding.Id), .. orphans.Except(started).Select(id => new ReadModelFinding(name, id, "The row has no stream behind it: it was added outside the event store."))];
        }

        return [.. findings.OrderBy(finding => finding.Id)];
    }

    private static async Task<List<ReadModelFinding>> CheckBatchAsync<T>(IDocumentStore store, Guid[] batch, Func<T, Guid> idOf, CancellationToken cancellationToken)
        where T : class
    {
        await using var session = store.QuerySession();
        var serializer = store.Options.Serializer();
        var events = await session.Events.QueryAllRawEvents().Where(@event => @event.StreamId.IsOneOf(batch)).OrderBy(@event => @event.Sequence).ToListAsync(cancellationToken);
        var rows = (await session.LoadManyAsync<T>(cancellationToken, batch)).ToDictionary(idOf);
        // The same aggregation the inline projection runs: the projection registered for T in the store's options.
        var aggregator = ((StoreOptions)store.Options).Projections.AggregatorFor<T>();
        var findings = new List<ReadModelFinding>();
        foreach (var stream in events.GroupBy(@event => @event.StreamId))
        {
            var rebuilt = await aggregator.BuildAsync([.. stream], session, null, cancellationToken);
            if (rows.TryGetValue(stream.Key, out var row) && rebuilt is not null && string.Equals(serializer.ToJson(rebuilt), serializer.ToJson(row), StringComparison.Ordinal))
            {
                continue;
            }

            if (await CheckStreamAsync<T>(session, serializer, stream.Key, cancellationToken) is { } what)
            {
                findings.Add(new ReadModelFinding(typeof(T).Name, stream.Key, what));
            }
        }

        return findings;
    }

    /// <summary>
    /// What is wrong with one stream's row, or null. A row that differs is read again (up to three times), so that an
    /// event appended between reading the row and folding the stream is not mistaken for tampering.
    /// </summary>
    private static async Task<string?> CheckStreamAsync<T>(IQuerySession session, ISerializer serializer, Guid id, CancellationToken cancellationToken)
        where T : class
    {
        string? what = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await session.LoadAsync<T>(id, cancellationToken);
            var rebuilt = await session.Events.AggregateStreamAsync<T>(id, token: cancellationToken);
            if (stored is null)
            {
                what = "The row is missing: its stream has events but the read model has no row for it.";
            }
            else if (rebuilt is not null && FirstDifference(JsonNode.Parse(serializer.ToJson(rebuilt)), JsonNode.Parse(serializer.ToJson(stored)), "$") is { } path)
            {
                what = $"The row differs from its events at {path}: the events give {Show(rebuilt, path, serializer)}, the row says {Show(stored, path, serializer)}.";
            }
            else
            {
                return null;
            }

            await Task.Delay(100 * (attempt + 1), cancellationToken);
        }

        return what;
    }

    private static string? FirstDifference(JsonNode? events, JsonNode? row, string path)
    {
        if (events is JsonObject left && row is JsonObject right)
        {
            foreach (var key in left.Select(pair => pair.Key).Union(right.Select(pair => pair.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (FirstDifference(left[key], right[key], $"{path}.{key}") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (events is JsonArray leftArray && row is JsonArray rightArray && leftArray.Count == rightArray.Count)
        {
            for (var i = 0; i < leftArray.Count; i++)
            {
                if (FirstDifference(leftArray[i], rightArray[i], $"{path}[{i}]") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        return JsonNode.DeepEquals(events, row) ? null : path;
    }

    private static string Show(object document, string path, ISerializer serializer)
    {
        JsonNode? node = JsonNode.Parse(serializer.ToJson(document));
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = node is JsonObject obj ? obj[bracket < 0 ? part : part[..bracket]] : null;
            if (bracket >= 0 && node is JsonArray array && int.TryParse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                node = index < array.Count ? array[index] : null;
            }
        }

        var text = node?.ToJsonString() ?? "nothing";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
