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
    public static async Task<IReadOnlyList<ReadModelFinding>> RunAsync(IDocumentStore store, Action<string, long, long>? progress, CancellationToken cancellationToken)
    {
        var findings = new List<ReadModelFinding>();
        await using var session = store.QuerySession();
        findings.AddRange(await CheckAsync<AgencyProfile>(session, store, "agency", progress, cancellationToken));
        findings.AddRange(await CheckAsync<MatterCatalogueEntry>(session, store, "matter", progress, cancellationToken));
        findings.AddRange(await CheckAsync<ApplicationStatus>(session, store, "application", progress, cancellationToken));
        findings.AddRange(await CheckAsync<BundleStatus>(session, store, "bundle", progress, cancellationToken));
        findings.AddRange(await CheckAsync<CertificateRecord>(session, store, "certificate", progress, cancellationToken));
        findings.AddRange(await CheckAsync<CheckpointRecord>(session, store, "checkpoint_record", progress, cancellationToken));
        return findings;
    }

    private static async Task<List<ReadModelFinding>> CheckAsync<T>(IQuerySession session, IDocumentStore store, string streamType, Action<string, long, long>? progress, CancellationToken cancellationToken)
        where T : class
    {
        var name = typeof(T).Name;
        var serializer = store.Options.Serializer();
        var streams = await session.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where type = ? order by id", cancellationToken, streamType);
        var findings = new List<ReadModelFinding>();
        var checkedCount = 0L;
        foreach (var id in streams)
        {
            if (await CheckStreamAsync<T>(session, serializer, id, cancellationToken) is { } what)
            {
                findings.Add(new ReadModelFinding(name, id, what));
            }

            if (++checkedCount % 200 == 0)
            {
                progress?.Invoke(name, checkedCount, streams.Count);
            }
        }

        progress?.Invoke(name, checkedCount, streams.Count);
        var known = streams.ToHashSet();
        var rows = await session.QueryAsync<Guid>($"select id from {store.Options.Schema.For<T>(qualified: true)}", cancellationToken);
        var orphans = rows.Where(id => !known.Contains(id)).ToArray();
        if (orphans.Length > 0)
        {
            // A stream started after the list was read is not an orphan.
            var started = await session.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", cancellationToken, orphans);
            findings.AddRange(orphans.Except(started).Select(id => new ReadModelFinding(name, id, "The row has no stream behind it: it was added outside the event store.")));
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
