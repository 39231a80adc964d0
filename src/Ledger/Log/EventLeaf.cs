using System.Globalization;
using System.Text.Json;
using System.Text;
using Ledger.Canonical;
using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Log;

/// <summary>An event row as PostgreSQL returns it: the inputs of the event's leaf, and nothing else.</summary>
public sealed record StoredEvent(long Position, Guid EventId, Guid StreamId, long Version, string Type, DateTime Timestamp, string Data);

/// <summary>
/// The leaf of one event (specs/ledger.md, "Leaves"): the canonical bytes are the RFC 8785 canonical JSON of an object
/// holding the event's global position, id, stream, version, type name, timestamp (UTC, microseconds) and data; the leaf hash
/// is SHA-256(0x00 || canonical bytes). Computed from the stored row, never from a re-serialised CLR event.
/// </summary>
public static class EventLeaf
{
    public const string Format = "ledger.event.v1";

    public static byte[] CanonicalBytes(StoredEvent row)
    {
        JsonDocument data;
        try
        {
            data = JsonDocument.Parse(row.Data);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"Event {row.Position} has no valid JSON data.", nameof(row), exception);
        }

        // The leaf's members in RFC 8785 order (their names are ASCII, so UTF-16 order is alphabetical), each value
        // written by the canonicaliser: the same bytes as canonicalising the whole object, without building it first.
        var leaf = new StringBuilder(row.Data.Length + 256);
        using (data)
        {
            leaf.Append("{\"data\":");
            CanonicalJson.Write(data.RootElement, leaf);
        }

        leaf.Append(",\"format\":");
        CanonicalJson.WriteString(Format, leaf);
        leaf.Append(",\"id\":");
        CanonicalJson.WriteString(row.EventId.ToString("D"), leaf);
        leaf.Append(",\"position\":").Append(CanonicalJson.Number(row.Position));
        leaf.Append(",\"stream\":");
        CanonicalJson.WriteString(row.StreamId.ToString("D"), leaf);
        leaf.Append(",\"timestamp\":");
        CanonicalJson.WriteString(Timestamp(row.Timestamp), leaf);
        leaf.Append(",\"type\":");
        CanonicalJson.WriteString(row.Type, leaf);
        leaf.Append(",\"version\":").Append(CanonicalJson.Number(row.Version)).Append('}');
        return Encoding.UTF8.GetBytes(leaf.ToString());
    }

    public static byte[] Hash(ReadOnlySpan<byte> canonicalBytes) => MerkleHash.Leaf(canonicalBytes);

    /// <summary>ISO 8601 in UTC with exactly six fractional digits: PostgreSQL's timestamptz precision.</summary>
    public static string Timestamp(DateTime timestamp)
    {
        var utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        var microseconds = new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
        return microseconds.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
