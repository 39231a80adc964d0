namespace Ledger.Integrity.Chain;

/// <summary>
/// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B): byte strings and lists of items. Integers are
/// encoded as their big-endian bytes without leading zeros (zero as the empty string).
/// </summary>
public static class Rlp
{
    public static byte[] Encode(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 1 && bytes[0] < 0x80 ? [bytes[0]] : [.. Prefix(0x80, bytes.Length), .. bytes];

    public static byte[] Encode(ulong value) => Encode(Minimal(value));

    public static byte[] Encode(System.Numerics.BigInteger value) =>
        value.Sign < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "RLP encodes no negative numbers.")
        : Encode(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true));

    /// <summary>A list whose items are already RLP-encoded.</summary>
    public static byte[] List(params IEnumerable<byte[]> encodedItems)
    {
        var payload = encodedItems.SelectMany(item => item).ToArray();
        return [.. Prefix(0xc0, payload.Length), .. payload];
    }

    public static byte[] Minimal(ulong value)
    {
        var bytes = BitConverter.GetBytes(value);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return [.. bytes.SkipWhile(b => b == 0)];
    }

    private static byte[] Prefix(byte offset, int length) =>
        length < 56 ? [(byte)(offset + length)] : [(byte)(offset + 55 + Minimal((ulong)length).Length), .. Minimal((ulong)length)];
}
