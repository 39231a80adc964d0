using System.Text.RegularExpressions;

namespace Ledger.Domain.Certificates;

/// <summary>
/// Electronic certificate identifiers in the GB/T 36904 pattern
/// <c>1.2.156.3005.2.{type code}.{issuer credit code}.{serial}.{3-digit version}.{check character}</c>.
/// The check character is ISO/IEC 7064 MOD 37,36 (the hybrid system over the 36 characters 0-9A-Z), computed over
/// every character before it with the dots left out.
/// </summary>
public static partial class CertificateIdentifier
{
    public const string Root = "1.2.156.3005.2";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string Create(string typeCode, string issuerCreditCode, string serial, int version)
    {
        if (version is < 1 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "A certificate version has three digits, 001 to 999.");
        }

        var body = $"{Root}.{typeCode}.{issuerCreditCode}.{serial}.{version:000}";
        return body + "." + CheckCharacter(body);
    }

    public static bool TryParse(string? identifier, out (string TypeCode, string Issuer, string Serial, int Version) parts)
    {
        parts = default;
        if (identifier is null || Pattern().Match(identifier) is not { Success: true } match)
        {
            return false;
        }

        var body = identifier[..identifier.LastIndexOf('.')];
        if (CheckCharacter(body) != identifier[^1])
        {
            return false;
        }

        parts = (match.Groups["type"].Value, match.Groups["issuer"].Value, match.Groups["serial"].Value, int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>ISO/IEC 7064 hybrid MOD 37,36: P starts at 36; for each character, S = (P + value) mod 36 (0 read as 36), P = 2S mod 37; the check makes (P + check) mod 36 = 1.</summary>
    public static char CheckCharacter(string body)
    {
        const int m = 36;
        var p = m;
        foreach (var character in body)
        {
            if (character == '.')
            {
                continue;
            }

            var value = Alphabet.IndexOf(char.ToUpperInvariant(character), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{character}' cannot appear in a certificate identifier.", nameof(body));
            }

            var s = (p + value) % m;
            p = 2 * (s == 0 ? m : s) % (m + 1);
        }

        return Alphabet[(m + 1 - p) % m];
    }

    [GeneratedRegex(@"^1\.2\.156\.3005\.2\.(?<type>[0-9A-Z]{1,16})\.(?<issuer>[0-9A-Z]{18})\.(?<serial>[0-9A-Z]{1,32})\.(?<version>[0-9]{3})\.[0-9A-Z]$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Pattern();
}
