namespace Ledger.Integrity.Merkle;

/// <summary>
/// RFC 9162 section 2.1 over a list of leaf hashes: the tree head MTH, audit paths PATH (2.1.3.1) and consistency proofs
/// PROOF/SUBPROOF (2.1.4.1), written as the RFC defines them. This is the reference the stored, O(log n) log is tested against.
/// </summary>
public static class MerkleTree
{
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) => Root(leafHashes, 0, leafHashes.Count);

    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return MerkleHash.Empty();
        }

        if (n == 1)
        {
            return leafHashes[start];
        }

        var k = (int)MerkleHash.Split(n);
        return MerkleHash.Node(Root(leafHashes, start, start + k), Root(leafHashes, start + k, end));
    }

    /// <summary>PATH(m, D[0:size]): the audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index, int size)
    {
        if (index < 0 || index >= size || size > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var path = new List<byte[]>();
        Path(leafHashes, index, 0, size, path);
        return path;
    }

    /// <summary>PROOF(m, D[0:n]): that the tree of the first <paramref name="oldSize"/> leaves is a prefix of the tree of <paramref name="newSize"/>.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int oldSize, int newSize)
    {
        if (oldSize < 0 || oldSize > newSize || newSize > leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), oldSize, $"No consistency proof from {oldSize} to {newSize}.");
        }

        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
        {
            SubProof(leafHashes, oldSize, 0, newSize, startFromOldRoot: true, proof);
        }

        return proof;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int m, int start, int end, List<byte[]> path)
    {
        var n = end - start;
        if (n == 1)
        {
            return;
        }

        var k = (int)MerkleHash.Split(n);
        if (m < k)
        {
            Path(leaves, m, start, start + k, path);
            path.Add(Root(leaves, start + k, end));
        }
        else
        {
            Path(leaves, m - k, start + k, end, path);
            path.Add(Root(leaves, start, start + k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int end, bool startFromOldRoot, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!startFromOldRoot)
            {
                proof.Add(Root(leaves, start, end));
            }

            return;
        }

        var k = (int)MerkleHash.Split(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, start + k, startFromOldRoot, proof);
            proof.Add(Root(leaves, start + k, end));
        }
        else
        {
            SubProof(leaves, m - k, start + k, end, startFromOldRoot: false, proof);
            proof.Add(Root(leaves, start, start + k));
        }
    }
}
