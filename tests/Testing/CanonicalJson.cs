using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Testing;

/// <summary>JSON with object keys sorted and indented, so two documents that mean the same compare equal as text and differ readably.</summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    public static string Normalise(string json) => Sorted(JsonNode.Parse(json))?.ToJsonString(Indented) + "\n";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, Sorted(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
