using System.Globalization;
using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>
/// Ethereum's JSON-RPC hex forms (execution-apis, "hex encoding"): DATA is an even number of hex digits after "0x";
/// a QUANTITY is "0x" and the number's digits without leading zeros ("0x0" for zero).
/// </summary>
public static class Hex
{
    public static string Format(ReadOnlySpan<byte> data) => "0x" + Convert.ToHexStringLower(data);

    /// <summary>Bytes from hex digits, with or without "0x"; surrounding whitespace is ignored.</summary>
    public static byte[] Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = Digits(hex.AsSpan().Trim());
        if (digits.Length % 2 != 0)
        {
            throw new FormatException("Hex data has an odd number of digits.");
        }

        return IsHex(digits) ? Convert.FromHexString(digits) : throw new FormatException("Hex data has a character that is not a hex digit.");
    }

    public static string FormatQuantity(BigInteger value) => value.Sign switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(value), value, "A quantity is never negative."),
        0 => "0x0",
        _ => "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0'),
    };

    public static string FormatQuantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>A QUANTITY; leading zeros, which some nodes send, are accepted.</summary>
    public static BigInteger ParseQuantity(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (!quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || quantity.Length == 2 || !IsHex(quantity.AsSpan(2)))
        {
            throw new FormatException($"\"{quantity}\" is not a hex quantity.");
        }

        return BigInteger.Parse("0" + quantity[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static ulong ParseUInt64(string quantity)
    {
        var value = ParseQuantity(quantity);
        return value <= ulong.MaxValue ? (ulong)value : throw new FormatException($"\"{quantity}\" does not fit in 64 bits.");
    }

    private static ReadOnlySpan<char> Digits(ReadOnlySpan<char> hex) =>
        hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;

    private static bool IsHex(ReadOnlySpan<char> digits) => !digits.ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
