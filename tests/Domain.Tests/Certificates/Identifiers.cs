using Ledger.Domain.Certificates;

namespace Ledger.Domain.Tests.Certificates;

public class Identifiers
{
    private const string Market = "11310000MB2F123457";

    [Fact]
    public void an_identifier_follows_the_gb_t_36904_pattern_with_a_mod_37_36_check_character()
    {
        var identifier = CertificateIdentifier.Create("JY", Market, "310101202600001", 1);

        identifier.ShouldStartWith($"1.2.156.3005.2.JY.{Market}.310101202600001.001.");
        CertificateIdentifier.TryParse(identifier, out var parts).ShouldBeTrue();
        parts.ShouldBe(("JY", Market, "310101202600001", 1));
    }

    [Fact]
    public void the_check_character_satisfies_the_iso_7064_hybrid_relation()
    {
        // Recompute independently: with the check character appended, the hybrid system ends in P where (P + 0) mod 36 = 1 ... i.e. a valid string
        // leaves the running value S = 1 after its last character.
        var identifier = CertificateIdentifier.Create("YYZZ", Market, "A1B2C3", 7);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var p = 36;
        var s = 0;
        foreach (var character in identifier.Replace(".", "", StringComparison.Ordinal))
        {
            s = (p + alphabet.IndexOf(character, StringComparison.Ordinal)) % 36;
            p = 2 * (s == 0 ? 36 : s) % 37;
        }

        s.ShouldBe(1);
    }

    [Fact]
    public void a_changed_character_breaks_the_check()
    {
        var identifier = CertificateIdentifier.Create("JY", Market, "310101202600001", 1);
        var tampered = identifier.Replace("202600001", "202600002", StringComparison.Ordinal);

        CertificateIdentifier.TryParse(tampered, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1.2.156.3005.2.JY.11310000MB2F123457.1.1.X")]
    [InlineData("1.2.156.3005.3.JY.11310000MB2F123457.1.001.X")]
    [InlineData("not an identifier")]
    public void malformed_identifiers_are_rejected(string identifier) =>
        CertificateIdentifier.TryParse(identifier, out _).ShouldBeFalse();
}
