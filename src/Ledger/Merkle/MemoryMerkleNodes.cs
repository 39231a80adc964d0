namespace Ledger.Integrity.Merkle;

/// <summary>
/// A log's stored nodes held in memory, 32 bytes per node in one array per level: what the CLI builds from a list of leaf
/// hashes and what the benchmarks measure the algorithms on without a database in the way.
/// </summary>
public sealed class MemoryMerkleNodes : IMerkleNodeReader, IMerkleNodeSpans
{
    private readonly List<byte[]> levels = [];
    private readonly List<long> counts = [];
    private readonly MerkleFrontier frontier = MerkleFrontier.Empty();

    public long Size => frontier.Size;

    public byte[] Root() => frontier.Root();

    public void Append(byte[] leafHash)
    {
        foreach (var (id, hash) in frontier.Append(leafHash))
        {
            Store(id, hash);
        }
    }

    public byte[] Node(MerkleNodeId id) => NodeSpan(id).ToArray();

    public ReadOnlySpan<byte> NodeSpan(MerkleNodeId id)
    {
        if (id.Level >= levels.Count || id.Index < 0 || id.Index >= counts[id.Level])
        {
            throw new KeyNotFoundException($"Node {id} is not stored.");
        }

        return levels[id.Level].AsSpan((int)(id.Index * MerkleHash.Size), MerkleHash.Size);
    }

    public Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<MerkleNodeId, byte[]>>(nodes
            .Where(id => id.Level < levels.Count && id.Index >= 0 && id.Index < counts[id.Level])
            .ToDictionary(id => id, Node));

    private void Store(MerkleNodeId id, byte[] hash)
    {
        while (levels.Count <= id.Level)
        {
            levels.Add(new byte[MerkleHash.Size * 1024]);
            counts.Add(0);
        }

        var offset = id.Index * MerkleHash.Size;
        if (offset + MerkleHash.Size > levels[id.Level].Length)
        {
            var grown = new byte[Math.Max(levels[id.Level].Length * 2L, offset + MerkleHash.Size)];
            levels[id.Level].CopyTo(grown, 0);
            levels[id.Level] = grown;
        }

        hash.CopyTo(levels[id.Level], (int)offset);
        counts[id.Level] = id.Index + 1;
    }
}
