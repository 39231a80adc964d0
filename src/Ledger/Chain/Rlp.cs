namespace Ledger.Integrity.Chain;

/// <summary>
/// Recursive Length Prefix encoding and decoding (Ethereum Yellow Paper, appendix B): byte strings and lists of items. Integers are
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

    /// <summary>The one item that <paramref name="encoded"/> holds; non-canonical encodings and trailing bytes are refused.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        var (item, length) = DecodeNext(encoded);
        return length == encoded.Length ? item : throw new FormatException("RLP item followed by trailing bytes.");
    }

    private static (RlpItem Item, int Length) DecodeNext(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new FormatException("RLP input ended before an item.");
        }

        var prefix = encoded[0];
        if (prefix < 0x80)
        {
            return (RlpItem.String([prefix]), 1);
        }

        var isList = prefix >= 0xc0;
        var (headerLength, payloadLength) = Header(encoded, isList ? (byte)0xc0 : (byte)0x80);
        var payload = encoded.Slice(headerLength, payloadLength);
        if (!isList && payloadLength == 1 && payload[0] < 0x80)
        {
            throw new FormatException("A single byte below 0x80 is its own RLP encoding.");
        }

        return (isList ? RlpItem.List(DecodeItems(payload)) : RlpItem.String(payload.ToArray()), headerLength + payloadLength);
    }

    private static List<RlpItem> DecodeItems(ReadOnlySpan<byte> payload)
    {
        var items = new List<RlpItem>();
        while (!payload.IsEmpty)
        {
            var (item, length) = DecodeNext(payload);
            items.Add(item);
            payload = payload[length..];
        }

        return items;
    }

    private static (int HeaderLength, int PayloadLength) Header(ReadOnlySpan<byte> encoded, byte offset)
    {
        var shortForm = encoded[0] - offset;
        if (shortForm <= 55)
        {
            return (1, Within(encoded, 1, shortForm));
        }

        var lengthOfLength = shortForm - 55;
        if (encoded.Length < 1 + lengthOfLength || encoded[1] == 0 || lengthOfLength > 4)
        {
            throw new FormatException("An RLP length is truncated, has leading zeros or is too large.");
        }

        var length = encoded.Slice(1, lengthOfLength).ToArray().Aggregate(0L, (total, b) => (total << 8) | b);
        return length < 56
            ? throw new FormatException("An RLP length below 56 must use the short form.")
            : (1 + lengthOfLength, Within(encoded, 1 + lengthOfLength, length));
    }

    private static int Within(ReadOnlySpan<byte> encoded, int headerLength, long payloadLength) =>
        headerLength + payloadLength <= encoded.Length ? (int)payloadLength : throw new FormatException("An RLP item runs past the end of its input.");

    private static byte[] Prefix(byte offset, int length) =>
        length < 56 ? [(byte)(offset + length)] : [(byte)(offset + 55 + Minimal((ulong)length).Length), .. Minimal((ulong)length)];
}
