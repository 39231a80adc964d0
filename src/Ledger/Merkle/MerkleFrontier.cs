namespace Ledger.Integrity.Merkle;

/// <summary>
/// The right edge of a growing log: the roots of its perfect subtrees (at most one per level, largest first). Appending a
/// leaf completes O(log n) new perfect subtrees, which are the only nodes the log ever writes; the tree head folds the edge.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(MerkleNodeId Id, byte[] Hash)> edge;

    private MerkleFrontier(long size, List<(MerkleNodeId Id, byte[] Hash)> edge)
    {
        Size = size;
        this.edge = edge;
    }

    public long Size { get; private set; }

    public static MerkleFrontier Empty() => new(0, []);

    /// <summary>The nodes to read to resume a log of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<MerkleNodeId> NodesToResume(long size) => MerkleRanges.Decompose(new LeafRange(0, size));

    public static MerkleFrontier Resume(long size, Func<MerkleNodeId, byte[]> node) =>
        new(size, [.. NodesToResume(size).Select(id => (id, node(id)))]);

    public IReadOnlyList<MerkleNodeId> Edge => [.. edge.Select(entry => entry.Id)];

    /// <summary>Adds a leaf; returns the perfect subtrees it completes, the leaf itself first.</summary>
    public IReadOnlyList<(MerkleNodeId Id, byte[] Hash)> Append(byte[] leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        var completed = new List<(MerkleNodeId, byte[])>();
        var current = (Id: new MerkleNodeId(0, Size), Hash: leafHash);
        completed.Add(current);
        while (edge.Count > 0 && edge[^1].Id.Level == current.Id.Level)
        {
            var left = edge[^1];
            edge.RemoveAt(edge.Count - 1);
            current = (new MerkleNodeId(current.Id.Level + 1, left.Id.Index >> 1), MerkleHash.Node(left.Hash, current.Hash));
            completed.Add(current);
        }

        edge.Add(current);
        Size++;
        return completed;
    }

    /// <summary>The tree head MTH(D[0:Size]).</summary>
    public byte[] Root()
    {
        if (edge.Count == 0)
        {
            return MerkleHash.Empty();
        }

        var hash = edge[^1].Hash;
        for (var i = edge.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(edge[i].Hash, hash);
        }

        return hash;
    }
}
