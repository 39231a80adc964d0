namespace Ledger.Cli;

internal static class Hex
{
    /// <summary>32 bytes from hex, with or without 0x; anything else is a usage error naming <paramref name="what"/>.</summary>
    public static byte[] Hash(string text, string what)
    {
        var bytes = Bytes(text, what);
        return bytes.Length == 32 ? bytes : throw new UsageError($"{what} must be 32 bytes of hex (64 digits); got {bytes.Length} bytes.");
    }

    public static byte[] Bytes(string text, string what)
    {
        var digits = text.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        try
        {
            return Convert.FromHexString(digits);
        }
        catch (FormatException)
        {
            throw new UsageError($"{what} is not hex: '{(text.Length > 80 ? text[..80] + "…" : text)}'.");
        }
    }

    public static string Of(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
