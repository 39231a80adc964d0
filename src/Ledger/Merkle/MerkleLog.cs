namespace Ledger.Integrity.Merkle;

/// <summary>Reads stored perfect-subtree hashes, all the requested ones in one round trip.</summary>
public interface IMerkleNodeReader
{
    /// <summary>The hashes of <paramref name="nodes"/>; a node that is not stored is missing from the answer.</summary>
    Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken);
}

/// <summary>A reader with every stored node at hand in memory: proofs from it need no round trip and no lookup table.</summary>
public interface IMerkleNodeSpans
{
    /// <summary>The hash of a stored node; <see cref="KeyNotFoundException"/> when the node is not stored.</summary>
    ReadOnlySpan<byte> NodeSpan(MerkleNodeId id);
}

/// <summary>
/// Tree heads and proofs of a stored log at any size it has reached, each from one read of O(log n) stored nodes.
/// </summary>
public sealed class MerkleLog(IMerkleNodeReader reader)
{
    public async Task<byte[]> RootAsync(long size, CancellationToken cancellationToken = default)
    {
        var range = new LeafRange(0, size);
        if (reader is IMerkleNodeSpans spans)
        {
            return InMemory(() => MerkleRanges.Hash(range, spans));
        }

        var nodes = await ReadAsync([range], cancellationToken);
        return MerkleRanges.Hash(range, id => nodes[id]);
    }

    public Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken = default) =>
        HashAllAsync(MerkleRanges.InclusionPath(index, size), cancellationToken);

    public Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken = default) =>
        HashAllAsync(MerkleRanges.ConsistencyPath(oldSize, newSize), cancellationToken);

    private async Task<IReadOnlyList<byte[]>> HashAllAsync(IReadOnlyList<LeafRange> ranges, CancellationToken cancellationToken)
    {
        if (reader is IMerkleNodeSpans spans)
        {
            return InMemory(() =>
            {
                var hashes = new byte[ranges.Count][];
                for (var i = 0; i < hashes.Length; i++)
                {
                    hashes[i] = MerkleRanges.Hash(ranges[i], spans);
                }

                return hashes;
            });
        }

        var nodes = await ReadAsync(ranges, cancellationToken);
        return [.. ranges.Select(range => MerkleRanges.Hash(range, id => nodes[id]))];
    }

    private static T InMemory<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (KeyNotFoundException missing)
        {
            throw new InvalidOperationException($"The log lacks a node: it is shorter than asked or damaged. {missing.Message}", missing);
        }
    }

    private async Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyList<LeafRange> ranges, CancellationToken cancellationToken)
    {
        var wanted = MerkleRanges.NodesFor(ranges);
        var nodes = await reader.ReadAsync(wanted, cancellationToken);
        var missing = wanted.Where(id => !nodes.ContainsKey(id)).ToList();
        return missing.Count == 0
            ? nodes
            : throw new InvalidOperationException($"The log store lacks node(s) {string.Join(", ", missing.Take(5))}: it is shorter than asked or damaged.");
    }
}
