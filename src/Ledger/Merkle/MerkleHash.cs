using System.Security.Cryptography;

namespace Ledger.Integrity.Merkle;

/// <summary>RFC 9162 section 2.1.1: SHA-256 with domain separation between leaves (0x00) and interior nodes (0x01).</summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] Empty() => SHA256.HashData([]);

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        var input = new byte[data.Length + 1];
        data.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * Size)];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree of n leaves.</summary>
    public static long Split(long n) => n < 2
        ? throw new ArgumentOutOfRangeException(nameof(n), n, "Only a tree of two or more leaves splits.")
        : 1L << (int)(63 - long.LeadingZeroCount(n - 1));
}
