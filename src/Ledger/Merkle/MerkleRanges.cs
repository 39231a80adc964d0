using System.Security.Cryptography;

namespace Ledger.Integrity.Merkle;

/// <summary>
/// RFC 9162 section 2.1 in terms of stored perfect subtrees. Every subtree hash a tree head or proof needs is either a
/// perfect subtree (one stored node) or lies on the right edge of the tree, where it is the right-to-left fold of at most
/// log2(n) perfect subtrees. So a root, an audit path or a consistency proof needs O(log n) stored nodes.
/// </summary>
public static class MerkleRanges
{
    /// <summary>The perfect subtrees, left to right and largest first, that make up a subtree of an RFC 9162 tree.</summary>
    public static IReadOnlyList<MerkleNodeId> Decompose(LeafRange range)
    {
        Span<MerkleNodeId> parts = stackalloc MerkleNodeId[MaxParts];
        return parts[..Decompose(range, parts)].ToArray();
    }

    /// <summary>A range of leaves has at most one perfect subtree per bit of its length.</summary>
    private const int MaxParts = 64;

    /// <summary><see cref="Decompose(LeafRange)"/> into <paramref name="parts"/>; how many there are.</summary>
    private static int Decompose(LeafRange range, Span<MerkleNodeId> parts)
    {
        if (range.Start < 0 || range.Count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "A leaf range runs forwards from leaf 0 or later.");
        }

        var count = 0;
        for (var position = range.Start; position < range.End; count++)
        {
            var level = LargestAlignedLevel(position, range.End - position);
            parts[count] = new MerkleNodeId(level, position >> level);
            position += 1L << level;
        }

        return count;
    }

    /// <summary>MTH(D[start:end]) from the hashes of <see cref="Decompose"/>'s nodes.</summary>
    public static byte[] Hash(LeafRange range, Func<MerkleNodeId, byte[]> node)
    {
        var nodes = Decompose(range);
        if (nodes.Count == 0)
        {
            return MerkleHash.Empty();
        }

        var hash = node(nodes[^1]);
        for (var i = nodes.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(node(nodes[i]), hash);
        }

        return hash;
    }

    /// <summary>
    /// MTH(D[start:end]) from nodes held in memory: the same fold as <see cref="Hash(LeafRange, Func{MerkleNodeId, byte[]})"/>,
    /// without a list of nodes, copies of them or intermediate hashes on the heap.
    /// </summary>
    public static byte[] Hash(LeafRange range, IMerkleNodeSpans nodes)
    {
        Span<MerkleNodeId> parts = stackalloc MerkleNodeId[MaxParts];
        var count = Decompose(range, parts);
        if (count == 0)
        {
            return MerkleHash.Empty();
        }

        Span<byte> hash = stackalloc byte[MerkleHash.Size];
        Span<byte> input = stackalloc byte[1 + (2 * MerkleHash.Size)];
        nodes.NodeSpan(parts[count - 1]).CopyTo(hash);
        input[0] = 0x01;
        for (var i = count - 2; i >= 0; i--)
        {
            nodes.NodeSpan(parts[i]).CopyTo(input[1..]);
            hash.CopyTo(input[(1 + MerkleHash.Size)..]);
            SHA256.HashData(input, hash);
        }

        return hash.ToArray();
    }

    /// <summary>The subtrees whose hashes form PATH(index, D[0:size]) (RFC 9162 2.1.3.1), bottom first.</summary>
    public static IReadOnlyList<LeafRange> InclusionPath(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var path = new List<LeafRange>();
        var start = 0L;
        var end = size;
        while (end - start > 1)
        {
            var k = MerkleHash.Split(end - start);
            if (index < start + k)
            {
                path.Add(new LeafRange(start + k, end));
                end = start + k;
            }
            else
            {
                path.Add(new LeafRange(start, start + k));
                start += k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>The subtrees whose hashes form PROOF(oldSize, D[0:newSize]) (RFC 9162 2.1.4.1), in proof order.</summary>
    public static IReadOnlyList<LeafRange> ConsistencyPath(long oldSize, long newSize)
    {
        if (oldSize < 0 || oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), oldSize, $"No consistency proof from {oldSize} to {newSize} leaves.");
        }

        var proof = new List<LeafRange>();
        if (oldSize == 0 || oldSize == newSize)
        {
            return proof;
        }

        // SUBPROOF(m, D[start:end], b), unrolled: the nodes are collected top-down and emitted bottom-up.
        var m = oldSize;
        var start = 0L;
        var end = newSize;
        var startsFromOldRoot = true;
        var siblings = new List<LeafRange>();
        while (m != end - start)
        {
            var k = MerkleHash.Split(end - start);
            if (m <= k)
            {
                siblings.Add(new LeafRange(start + k, end));
                end = start + k;
            }
            else
            {
                siblings.Add(new LeafRange(start, start + k));
                start += k;
                m -= k;
                startsFromOldRoot = false;
            }
        }

        if (!startsFromOldRoot)
        {
            proof.Add(new LeafRange(start, end));
        }

        siblings.Reverse();
        proof.AddRange(siblings);
        return proof;
    }

    /// <summary>The stored nodes needed to hash all of <paramref name="ranges"/>.</summary>
    public static IReadOnlyCollection<MerkleNodeId> NodesFor(IEnumerable<LeafRange> ranges) =>
        ranges.SelectMany(Decompose).ToHashSet();

    private static int LargestAlignedLevel(long position, long remaining)
    {
        var level = 63 - (int)long.LeadingZeroCount(remaining);
        if (position != 0)
        {
            level = Math.Min(level, (int)long.TrailingZeroCount(position));
        }

        return level;
    }
}
