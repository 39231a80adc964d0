namespace Ledger.Domain.Agencies;

/// <summary>
/// The 18-character unified social credit code of an organisation (GB 32100-2015): 17 characters from a 31-character
/// alphabet (digits and capitals without I, O, Z, S, V) and a check character, weighted sum modulo 31.
/// </summary>
public static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code) =>
        code is { Length: 18 } && code.All(character => Alphabet.Contains(character, StringComparison.Ordinal))
        && CheckCharacter(code.AsSpan(0, 17)) == code[17];

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("A credit code has 17 characters before its check character.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
