using System.Collections.Concurrent;

namespace Ledger.Integrity.Merkle;

/// <summary>
/// Stored nodes kept in memory once read. A stored node is the hash of a perfect subtree, which never changes once written,
/// so a kept node is never stale; a proof or root whose nodes are all kept is computed without a round trip. The upper
/// levels (<see cref="AlwaysKeptLevel"/> and above: one node in 64 leaves) are always kept; below them, nodes are kept
/// until <paramref name="capacity"/> is reached, and a missing one is read with the rest of its block of 64 leaves (127
/// nodes, 4 KB, in the same round trip), so proofs for leaves near each other, and the log as a whole, warm up in
/// blocks rather than node by node.
/// </summary>
public sealed class KeptMerkleNodes(IMerkleNodeReader stored, int capacity) : IMerkleNodeReader
{
    public const int AlwaysKeptLevel = 6;

    private readonly ConcurrentDictionary<MerkleNodeId, byte[]> kept = new();

    public int Count => kept.Count;

    public async Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<MerkleNodeId, byte[]>(nodes.Count);
        List<MerkleNodeId>? missing = null;
        foreach (var id in nodes)
        {
            if (kept.TryGetValue(id, out var hash))
            {
                found[id] = hash;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is null)
        {
            return found;
        }

        var keepLower = kept.Count < capacity;
        foreach (var (id, hash) in await stored.ReadAsync(keepLower ? WithTheirBlocks(missing) : missing, cancellationToken))
        {
            if (nodes.Contains(id))
            {
                found[id] = hash;
            }

            if (id.Level >= AlwaysKeptLevel || keepLower)
            {
                kept.TryAdd(id, hash);
            }
        }

        return found;
    }

    /// <summary>The nodes asked for, and every node below <see cref="AlwaysKeptLevel"/> in the blocks of 64 leaves they lie in.</summary>
    private static HashSet<MerkleNodeId> WithTheirBlocks(List<MerkleNodeId> missing)
    {
        var wanted = missing.ToHashSet();
        foreach (var block in missing.Where(id => id.Level < AlwaysKeptLevel).Select(id => id.FirstLeaf >> AlwaysKeptLevel).Distinct())
        {
            for (var level = 0; level < AlwaysKeptLevel; level++)
            {
                var first = (block << AlwaysKeptLevel) >> level;
                for (var index = first; index < first + (1L << (AlwaysKeptLevel - level)); index++)
                {
                    wanted.Add(new MerkleNodeId(level, index));
                }
            }
        }

        return wanted;
    }
}
