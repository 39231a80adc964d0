using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ledger.Api.Tests.Hosting;

/// <summary>A value put where a valid one was, as the raw JSON text sent (so it can be what no serialiser writes: a lone surrogate, 1e400).</summary>
public sealed record Hostility(string Name, string Json);

/// <summary>
/// What a hostile caller puts in one place of a body: the wrong JSON type, strings that are empty, huge, invisible, reordered
/// or not Unicode at all, numbers at and past every limit, impossible dates, GUIDs and hashes that are almost right, lists of
/// none, one and ten thousand, unknown and repeated properties, and nesting deeper than any parser should follow.
/// </summary>
public static partial class HostileValues
{
    private static readonly Hostility[] AnyPlace =
    [
        new("null", "null"),
        new("a number", "7"),
        new("a boolean", "true"),
        new("a string", "\"x\""),
        new("an object", "{}"),
        new("a list", "[]"),
        new("nested lists 5,000 deep", new string('[', 5000) + new string(']', 5000)),
        new("nested objects 100 deep", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)),
    ];

    private static readonly Hostility[] Strings =
    [
        new("empty", "\"\""),
        new("whitespace", "\" \\t\\r\\n \\u00a0\\u3000\""),
        new("5,000 characters", Quoted(new string('x', 5000))),
        new("100,000 characters", Quoted(new string('a', 100_000))),
        new("5,000 CJK characters", Quoted(new string('界', 5000))),
        new("NUL", "\"\\u0000\""),
        new("NUL inside", "\"a\\u0000b\""),
        new("terminal escape", "\"\\u001b[31mred\\u001b[0m\""),
        new("C0 and DEL controls", "\"\\u0001\\u0007\\b\\u007f\""),
        new("lone high surrogate", "\"\\ud800\""),
        new("lone low surrogate inside", "\"a\\udc00b\""),
        new("reversed surrogate pair", "\"\\udc00\\ud800\""),
        new("the last code point", "\"\\udbff\\udfff\""),
        new("bidi override", "\"\\u202eevil\\u202c.exe\""),
        new("zero-width characters", "\"\\u200b\\u200c\\u200d\\u2060\\ufeff\""),
        new("only a zero-width space", "\"\\u200b\""),
        new("combining marks piled up", Quoted("e" + string.Concat(Enumerable.Repeat("\u0301\u0302\u0303", 300)))),
        new("not NFC", "\"A\\u030a\\u212b\\u1e9b\\u0323\""),
        new("compatibility characters", "\"\\ufb01\\uff11\\uff12\\u2460\""),
        new("emoji", "\"\\ud83d\\ude00\\ud83d\\udc68\\u200d\\ud83d\\udc69\\u200d\\ud83d\\udc67\\ud83c\\udff3\\ufe0f\\u200d\\ud83c\\udf08\""),
        new("noncharacters", "\"\\ufffe\\uffff\\ufdd0\""),
        new("line and paragraph separators", "\"a\\u2028b\\u2029c\""),
        new("markup", "\"<script>alert(1)</script>\""),
        new("SQL", "\"'); drop table ledger.mt_events; --\""),
        new("a path", "\"../../../etc/passwd\""),
        new("a template", "\"{{7*7}}${7*7}%s%n\""),
        new("percent escapes", "\"%00%0d%0a%ff\""),
        new("Arabic-Indic digits", "\"\\u0661\\u0662\\u0663\""),
    ];

    private static readonly Hostility[] Numbers =
    [
        new("zero", "0"),
        new("minus one", "-1"),
        new("negative zero", "-0"),
        new("int.MaxValue", "2147483647"),
        new("2^31", "2147483648"),
        new("-2^31 - 1", "-2147483649"),
        new("long.MaxValue", "9223372036854775807"),
        new("2^63", "9223372036854775808"),
        new("-2^63 - 1", "-9223372036854775809"),
        new("2^64", "18446744073709551616"),
        new("1e308", "1e308"),
        new("1e400", "1e400"),
        new("-1e400", "-1e400"),
        new("1e-400", "1e-400"),
        new("a half", "0.5"),
        new("one point zero", "1.0"),
        new("a numeral string", "\"1\""),
        new("a hexadecimal string", "\"0x10\""),
        new("an exponent string", "\"1e3\""),
        new("NaN", "\"NaN\""),
        new("Infinity", "\"Infinity\""),
        new("a padded numeral", "\" 1\""),
        new("a leading zero (not JSON)", "01"),
        new("a bare NaN (not JSON)", "NaN"),
    ];

    private static readonly Hostility[] Dates =
    [
        new("the first instant", "\"0001-01-01T00:00:00+00:00\""),
        new("before the first instant in UTC", "\"0001-01-01T00:00:00+14:00\""),
        new("after the last instant in UTC", "\"9999-12-31T23:59:59-14:00\""),
        new("the last instant", "\"9999-12-31T23:59:59.9999999+00:00\""),
        new("30 February", "\"2026-02-30T00:00:00+08:00\""),
        new("month 13", "\"2026-13-01\""),
        new("hour 25", "\"2026-06-01T25:00:00Z\""),
        new("a date only", "\"2026-06-01\""),
        new("the epoch", "\"1970-01-01T00:00:00Z\""),
        new("a far year", "\"+275760-09-13T00:00:00Z\""),
        new("a word", "\"tomorrow\""),
        new("seconds since the epoch", "1780000000"),
    ];

    private static readonly Hostility[] Guids =
    [
        new("the empty GUID", "\"00000000-0000-0000-0000-000000000000\""),
        new("an unknown GUID", "\"5f0c8a8e-2f57-4b3c-9d6e-0a1b2c3d4e5f\""),
        new("a GUID in braces", "\"{5f0c8a8e-2f57-4b3c-9d6e-0a1b2c3d4e5f}\""),
        new("a GUID without dashes", "\"5f0c8a8e2f574b3c9d6e0a1b2c3d4e5f\""),
        new("a GUID with a tail", "\"5f0c8a8e-2f57-4b3c-9d6e-0a1b2c3d4e5f0\""),
        new("not a GUID", "\"not-a-guid\""),
    ];

    private static readonly Hostility[] Hashes =
    [
        new("63 hexadecimal digits", Quoted(new string('a', 63))),
        new("65 hexadecimal digits", Quoted(new string('a', 65))),
        new("64 letters that are not hexadecimal", Quoted(new string('g', 64))),
        new("64 upper-case hexadecimal digits", Quoted(new string('A', 64))),
        new("64 fullwidth digits", Quoted(new string('\uff11', 64))),
    ];

    /// <summary>Every hostile value for the place whose valid value is <paramref name="valid"/>.</summary>
    public static IEnumerable<Hostility> For(JsonNode? valid)
    {
        var specific = valid?.GetValueKind() switch
        {
            JsonValueKind.String => StringsLike(valid.GetValue<string>()),
            JsonValueKind.Number => Numbers,
            JsonValueKind.True or JsonValueKind.False => [new Hostility("false", "false"), new Hostility("the string true", "\"true\""), new Hostility("one", "1")],
            JsonValueKind.Array => Lists((JsonArray)valid),
            JsonValueKind.Object => Objects((JsonObject)valid),
            _ => Strings.Take(6),
        };
        return AnyPlace.Concat(specific);
    }

    private static IEnumerable<Hostility> StringsLike(string valid) =>
        DateTimeOffset.TryParse(valid, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? Strings.Concat(Dates)
        : Guid.TryParse(valid, out _) ? Strings.Concat(Guids)
        : Hex64().IsMatch(valid) ? Strings.Concat(Hashes)
        : Strings;

    private static IEnumerable<Hostility> Lists(JsonArray valid)
    {
        var first = valid.Count > 0 ? valid[0]?.ToJsonString() ?? "null" : "\"x\"";
        yield return new("no elements", "[]");
        yield return new("one element", $"[{first}]");
        yield return new("10,000 elements", "[" + string.Join(',', Enumerable.Repeat(first, 10_000)) + "]");
        yield return new("a null element", "[null]");
        yield return new("a null element after a valid one", $"[{first},null]");
        yield return new("the same element twice", $"[{first},{first}]");
        yield return new("a list in a list", $"[[{first}]]");
    }

    private static IEnumerable<Hostility> Objects(JsonObject valid)
    {
        var inside = valid.ToJsonString()[1..^1];
        var comma = inside.Length == 0 ? "" : ",";
        yield return new("an unknown extra property", "{" + inside + comma + "\"unknownExtra\":\"x\"}");
        yield return new("a type discriminator", "{\"$type\":\"System.IO.FileInfo, System.IO.FileSystem\"" + comma + inside + "}");
        yield return new("a prototype property", "{" + inside + comma + "\"__proto__\":{\"admin\":true}}");
        if (valid.FirstOrDefault() is { Key: var name, Value: var value })
        {
            yield return new("a property given twice", "{" + inside + "," + JsonSerializer.Serialize(name) + ":" + (value?.ToJsonString() ?? "null") + "}");
            yield return new("a property given twice, the second null", "{" + inside + "," + JsonSerializer.Serialize(name) + ":null}");
            yield return new("a property in another case", "{" + inside + "," + JsonSerializer.Serialize(name.ToUpperInvariant()) + ":\"x\"}");
        }
    }

    /// <summary>A hostile string no list holds: pieces drawn from <paramref name="random"/>, each a character class that breaks something somewhere.</summary>
    public static Hostility Drawn(Random random)
    {
        string[] pieces = ["\\u0000", "\\u001b", "\\ud800", "\\udfff", "\\u202e", "\\u200b", "\\u0301", "\\ud83d\\ude00", "\\ufffe", "\\\"", "\\\\", "界", "x", " ", "\\n", "%", "'", "<", "\\u2028"];
        var length = random.Next(4) switch { 0 => random.Next(1, 4), 1 => random.Next(4, 64), 2 => random.Next(64, 1100), _ => random.Next(1100, 6000) };
        var text = new StringBuilder("\"");
        for (var index = 0; index < length; index++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return new Hostility($"a drawn string of {length} pieces", text.Append('"').ToString());
    }

    /// <summary>A hostile number no list holds: a random magnitude, sign and form.</summary>
    public static Hostility DrawnNumber(Random random)
    {
        var digits = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)('0' + random.Next(10)))).TrimStart('0');
        var number = (random.Next(2) == 0 ? "-" : "") + (digits.Length == 0 ? "0" : digits) + random.Next(4) switch
        {
            0 => "",
            1 => "." + random.Next(1, 1000).ToString(CultureInfo.InvariantCulture),
            2 => "e" + random.Next(-500, 500).ToString(CultureInfo.InvariantCulture),
            _ => "E+" + random.Next(0, 400).ToString(CultureInfo.InvariantCulture),
        };
        return new Hostility($"the number {(number.Length > 30 ? number[..30] + "…" : number)}", number);
    }

    private static string Quoted(string text) => JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Hex64();
}
