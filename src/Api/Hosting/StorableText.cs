using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Api.Hosting;

/// <summary>
/// A string in a request that the ledger could not keep is refused as a malformed request (400) before any command runs:
/// U+0000, which PostgreSQL's jsonb cannot hold (the append failed with 500 after the decision), and text that Unicode
/// normalisation rejects (the noncharacters U+FFFE and U+FFFF), which the vault and the certificate checks normalise.
/// Property names (the keys of a certificate's fields) are held to the same rule.
/// </summary>
public sealed class StorableText : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Storable(reader.GetString()!) : throw new JsonException($"Expected a string, not {reader.TokenType}.");

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Storable(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Storable(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new JsonException("The text holds U+0000, which no field accepts.");
        }

        try
        {
            _ = text.IsNormalized(NormalizationForm.FormC);
            return text;
        }
        catch (ArgumentException invalid)
        {
            throw new JsonException("The text holds code points that are not Unicode text (a noncharacter or a lone surrogate).", invalid);
        }
    }
}
