using Ledger.Integrity.Merkle;
using Ledger.Integrity.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Ledger.Api.Log;

/// <summary>
/// Proofs and the stored nodes they are made of, kept in memory. A proof for a given leaf and tree size (or a pair of sizes)
/// never changes once the log has reached that size, and neither does a stored node, so both are served without asking the
/// database anything once read: citizens verifying the same certificates in a burst ask for the same proofs, and every
/// proof shares the tree's upper nodes. Proofs are bounded by count (least recently used go first); nodes by
/// <see cref="KeptNodes"/> below the always-kept upper levels.
/// </summary>
public sealed class ProofCache : IDisposable
{
    public const int Entries = 50_000;

    /// <summary>About 4 million nodes (a log of 2 million leaves, kept whole) take some 400 MB; beyond it only the upper levels are kept.</summary>
    public const int KeptNodes = 4_000_000;

    /// <summary>What a proof answer tells caches between us and the caller: it never changes.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    private readonly MemoryCache proofs = new(new MemoryCacheOptions { SizeLimit = Entries });
    private readonly LogStore store;
    private readonly KeptMerkleNodes nodes;
    private long reached;

    public ProofCache(LedgerLog log)
    {
        store = log.Store;
        nodes = new KeptMerkleNodes(log.Store, KeptNodes);
        Tree = new MerkleLog(nodes);
    }

    /// <summary>Proofs and roots from the kept nodes, reading only the ones not kept yet.</summary>
    public MerkleLog Tree { get; }

    /// <summary>Whether the log has reached <paramref name="size"/> leaves: the database is asked only about sizes beyond the largest seen so far.</summary>
    public async Task<(bool Reached, long Size)> ReachedAsync(long size, CancellationToken cancellation)
    {
        var known = Volatile.Read(ref reached);
        if (size <= known)
        {
            return (true, known);
        }

        var head = (await store.HeadAsync(cancellation)).Size;
        for (var seen = known; head > seen && Interlocked.CompareExchange(ref reached, head, seen) != seen; seen = Volatile.Read(ref reached))
        {
        }

        return (size <= head, head);
    }

    /// <summary>The hash of leaf <paramref name="index"/> (a level-0 stored node), once the log is known to hold it.</summary>
    public async Task<byte[]> LeafHashAsync(long index, CancellationToken cancellation)
    {
        var id = new MerkleNodeId(0, index);
        return (await nodes.ReadAsync([id], cancellation))[id];
    }

    public bool TryGet<T>((string Kind, long First, long Second) key, out T? proof)
        where T : class => proofs.TryGetValue(key, out proof);

    public T Keep<T>((string Kind, long First, long Second) key, T proof)
        where T : class => proofs.Set(key, proof, new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose() => proofs.Dispose();
}
