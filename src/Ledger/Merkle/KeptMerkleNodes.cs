using System.Collections.Concurrent;

namespace Ledger.Integrity.Merkle;

/// <summary>
/// Stored nodes kept in memory once read. A stored node is the hash of a perfect subtree, which never changes once written,
/// so a kept node is never stale; a proof or root whose nodes are all kept is computed without a round trip. The upper
/// levels (<see cref="AlwaysKeptLevel"/> and above: one node in 64 leaves) are always kept; below them, nodes are kept
/// until <paramref name="capacity"/> is reached.
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

        foreach (var (id, hash) in await stored.ReadAsync(missing, cancellationToken))
        {
            found[id] = hash;
            if (id.Level >= AlwaysKeptLevel || kept.Count < capacity)
            {
                kept.TryAdd(id, hash);
            }
        }

        return found;
    }
}
