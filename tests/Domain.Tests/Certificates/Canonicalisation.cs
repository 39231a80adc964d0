using System.Text;
using Ledger.Domain.Certificates;
using Ledger.Canonical;

namespace Ledger.Domain.Tests.Certificates;

/// <summary>RFC 8785 (JCS) behaviour, with the RFC's own examples where it gives them.</summary>
public class Canonicalisation
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalise(json));

    [Fact]
    public void members_are_sorted_by_utf16_code_units_and_whitespace_goes() =>
        Canonical("""{ "b": 1, "a": { "d": true, "c": null }, "\u20ac": "Euro", "\r": "cr", "1": "one" }""")
            .ShouldBe("{\"\\r\":\"cr\",\"1\":\"one\",\"a\":{\"c\":null,\"d\":true},\"b\":1,\"€\":\"Euro\"}");

    [Theory]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1e30", "1e+30")]
    [InlineData("100", "100")]
    [InlineData("-0", "0")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("1E21", "1e+21")]
    [InlineData("999999999999999900000", "999999999999999900000")]
    public void numbers_take_their_ecmascript_form(string number, string canonical) =>
        Canonical($"[{number}]").ShouldBe($"[{canonical}]");

    [Fact]
    public void strings_escape_only_what_json_stringify_escapes() =>
        Canonical("[\"\\u00e9\\u4e2d\\t\\u0001\\\"\\\\/\"]").ShouldBe("[\"é中\\t\\u0001\\\"\\\\/\"]");
}
