using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Domain;
using Ledger.Domain.Incidents;

namespace Ledger.Projections.Operations;

/// <summary>
/// The city overview computed from the first <see cref="LogSize"/> leaves of the log, the size of a signed checkpoint, as at
/// that checkpoint's <see cref="CheckpointTimestamp"/>: what `ledger operations figures` recomputes from the leaves alone.
/// </summary>
/// <param name="ComputeMilliseconds">How long reading the new leaves and computing the figures took.</param>
public sealed record OperationsOverviewSnapshot(
    long LogSize, DateTimeOffset CheckpointTimestamp, DateTimeOffset ComputedAt, long CaseEvents, double ComputeMilliseconds, CityOverview Figures);

/// <summary>
/// The case events in the log's leaves, read from the leaves' canonical bytes (the event's type name and data, as the
/// stored event held them) exactly as the server and an auditor's command line both read them.
/// </summary>
public static class CaseLeaves
{
    /// <summary>As the event store writes event data: camelCase names, enums by name.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, Type> CaseEventTypes = EventCatalogue.Names
        .Where(pair => pair.Key.IsAssignableTo(typeof(ICaseEvent)))
        .ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The case stream and event a leaf holds; null for a leaf of any other event.</summary>
    public static (Guid Stream, ICaseEvent Event)? Read(byte[] canonicalBytes)
    {
        using var leaf = JsonDocument.Parse(canonicalBytes);
        var root = leaf.RootElement;
        if (!root.TryGetProperty("type", out var type) || type.GetString() is not { } name || !CaseEventTypes.TryGetValue(name, out var clrType))
        {
            return null;
        }

        var @event = (ICaseEvent)(root.GetProperty("data").Deserialize(clrType, Json)
            ?? throw new JsonException($"A {name} leaf holds no event data."));
        return (root.GetProperty("stream").GetGuid(), @event);
    }

    /// <summary>Adds the leaf's case event, if it holds one; whether it did.</summary>
    public static bool AddTo(CaseHistories histories, byte[] canonicalBytes)
    {
        if (Read(canonicalBytes) is not { } read)
        {
            return false;
        }

        histories.Add(read.Stream, read.Event);
        return true;
    }
}
