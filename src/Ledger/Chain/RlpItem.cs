using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>A decoded RLP item: a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private readonly byte[]? bytes;
    private readonly IReadOnlyList<RlpItem>? items;

    private RlpItem(byte[]? bytes, IReadOnlyList<RlpItem>? items)
    {
        this.bytes = bytes;
        this.items = items;
    }

    public bool IsList => items is not null;

    public byte[] Bytes => bytes?.ToArray() ?? throw new FormatException("Expected an RLP byte string, found a list.");

    public IReadOnlyList<RlpItem> Items => items ?? throw new FormatException("Expected an RLP list, found a byte string.");

    public static RlpItem String(byte[] bytes) => new(bytes, items: null);

    public static RlpItem List(IReadOnlyList<RlpItem> items) => new(bytes: null, items);

    /// <summary>An integer: big-endian without leading zeros, as <see cref="Rlp.Encode(BigInteger)"/> writes it.</summary>
    public BigInteger ToBigInteger()
    {
        var value = Bytes;
        return value.Length > 0 && value[0] == 0
            ? throw new FormatException("An RLP integer has a leading zero byte.")
            : new BigInteger(value, isUnsigned: true, isBigEndian: true);
    }

    public ulong ToUInt64()
    {
        var value = ToBigInteger();
        return value <= ulong.MaxValue ? (ulong)value : throw new FormatException("An RLP integer does not fit in 64 bits.");
    }
}
