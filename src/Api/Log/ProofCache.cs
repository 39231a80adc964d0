using Microsoft.Extensions.Caching.Memory;

namespace Ledger.Api.Log;

/// <summary>
/// Proofs already computed, kept in memory. A proof for a given leaf and tree size (or a pair of sizes) never changes once
/// the log has reached that size, so a kept one is served without asking the database anything: citizens verifying the
/// same certificates in a burst ask for the same proofs. Bounded by count; the least recently used go first.
/// </summary>
public sealed class ProofCache : IDisposable
{
    public const int Entries = 50_000;

    /// <summary>What a proof answer tells caches between us and the caller: it never changes.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    private readonly MemoryCache proofs = new(new MemoryCacheOptions { SizeLimit = Entries });

    public bool TryGet<T>((string Kind, long First, long Second) key, out T? proof)
        where T : class => proofs.TryGetValue(key, out proof);

    public T Keep<T>((string Kind, long First, long Second) key, T proof)
        where T : class => proofs.Set(key, proof, new MemoryCacheEntryOptions { Size = 1 });

    public void Dispose() => proofs.Dispose();
}
