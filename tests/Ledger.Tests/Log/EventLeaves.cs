using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Integrity.Log;
using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Tests.Log;

/// <summary>An event's leaf is canonical JSON of the stored row, independent of how PostgreSQL spelled the data.</summary>
public class EventLeaves
{
    private static readonly StoredEvent Row = new(
        Position: 42,
        EventId: Guid.Parse("2ccaa615-e215-4b9a-8745-65c46710e28a"),
        StreamId: Guid.Parse("cbe5466b-1037-5c11-95d9-0680ee254e92"),
        Version: 3,
        Type: "agency_registered.v1",
        Timestamp: new DateTime(2026, 11, 23, 21, 57, 22, DateTimeKind.Utc).AddTicks(2857340),
        Data: """{"name": "上海市市场监督管理局", "fee": 1.50, "by": {"officer": "a", "agency": "b"}}""");

    private static string Canonical(StoredEvent row) => Encoding.UTF8.GetString(EventLeaf.CanonicalBytes(row));

    [Fact]
    public void the_canonical_bytes_are_the_documented_object()
    {
        Canonical(Row).ShouldBe(
            """{"data":{"by":{"agency":"b","officer":"a"},"fee":1.5,"name":"上海市市场监督管理局"},"format":"ledger.event.v1","id":"2ccaa615-e215-4b9a-8745-65c46710e28a","position":42,"stream":"cbe5466b-1037-5c11-95d9-0680ee254e92","timestamp":"2026-11-23T21:57:22.285734Z","type":"agency_registered.v1","version":3}""");
    }

    [Theory]
    [InlineData("agency_registered.v1", 0L, 1L)]
    [InlineData("an \"odd\"\ttype\u0001 名", 9_007_199_254_740_991L, 123_456_789L)]
    public void the_leaf_is_the_canonical_form_of_the_whole_leaf_object(string type, long position, long version)
    {
        var row = Row with { Type = type, Position = position, Version = version };
        var whole = new JsonObject
        {
            ["data"] = JsonNode.Parse(row.Data),
            ["format"] = EventLeaf.Format,
            ["id"] = row.EventId.ToString("D"),
            ["position"] = row.Position,
            ["stream"] = row.StreamId.ToString("D"),
            ["timestamp"] = EventLeaf.Timestamp(row.Timestamp),
            ["type"] = row.Type,
            ["version"] = row.Version,
        };

        EventLeaf.CanonicalBytes(row).ShouldBe(Ledger.Canonical.CanonicalJson.Canonicalise(JsonSerializer.SerializeToElement(whole)));
    }

    [Fact]
    public void whitespace_and_member_order_in_the_stored_data_do_not_change_the_leaf()
    {
        var respelled = Row with { Data = """{"by":{"agency":"b","officer":"a"},"fee":1.5,"name":"上海市市场监督管理局"}""" };

        EventLeaf.CanonicalBytes(respelled).ShouldBe(EventLeaf.CanonicalBytes(Row));
    }

    [Fact]
    public void any_change_to_the_row_changes_the_leaf_hash()
    {
        var leaf = EventLeaf.Hash(EventLeaf.CanonicalBytes(Row));
        StoredEvent[] changed =
        [
            Row with { Position = 43 },
            Row with { EventId = Guid.NewGuid() },
            Row with { StreamId = Guid.NewGuid() },
            Row with { Version = 4 },
            Row with { Type = "agency_renamed.v1" },
            Row with { Timestamp = Row.Timestamp.AddTicks(10) },
            Row with { Data = Row.Data.Replace("1.50", "1.51", StringComparison.Ordinal) },
        ];

        foreach (var row in changed)
        {
            EventLeaf.Hash(EventLeaf.CanonicalBytes(row)).ShouldNotBe(leaf, row.ToString());
        }
    }

    [Fact]
    public void the_leaf_hash_is_sha256_of_a_zero_byte_and_the_canonical_bytes() =>
        EventLeaf.Hash(EventLeaf.CanonicalBytes(Row)).ShouldBe(MerkleHash.Leaf(EventLeaf.CanonicalBytes(Row)));

    [Fact]
    public void timestamps_keep_exactly_six_fractional_digits() =>
        EventLeaf.Timestamp(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)).ShouldBe("2026-01-02T03:04:05.000000Z");
}
