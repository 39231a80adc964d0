using BenchmarkDotNet.Attributes;
using Ledger.Integrity.Merkle;

namespace Ledger.Benchmarks;

/// <summary>
/// Tree heads and RFC 9162 proofs on a stored log of <see cref="Leaves"/> leaves held in memory. Proofs are for random
/// leaves and sizes, drawn once per run from a fixed seed and taken in turn.
/// </summary>
[MemoryDiagnoser]
public class LogBenchmarks
{
    private const int Samples = 1024;

    private MerkleLog log = null!;
    private byte[] root = [];
    private long[] indices = [];
    private long[] oldSizes = [];
    private (byte[] Leaf, long Index, IReadOnlyList<byte[]> Path)[] inclusions = [];
    private (byte[] OldRoot, long OldSize, IReadOnlyList<byte[]> Proof)[] consistencies = [];
    private int next;

    [Params(1_000_000, 10_000_000)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        log = new MerkleLog(Logs.GrowAndTell(Leaves));
        root = await log.RootAsync(Leaves);

        var random = new Random(Logs.Seed);
        indices = [.. Enumerable.Range(0, Samples).Select(_ => random.NextInt64(Leaves))];
        oldSizes = [.. Enumerable.Range(0, Samples).Select(_ => random.NextInt64(1, Leaves))];
        inclusions = new (byte[], long, IReadOnlyList<byte[]>)[Samples];
        consistencies = new (byte[], long, IReadOnlyList<byte[]>)[Samples];
        for (var i = 0; i < Samples; i++)
        {
            inclusions[i] = (Logs.LeafHash(indices[i]), indices[i], await log.InclusionProofAsync(indices[i], Leaves));
            consistencies[i] = (await log.RootAsync(oldSizes[i]), oldSizes[i], await log.ConsistencyProofAsync(oldSizes[i], Leaves));
        }

        // A verification that fails would stop early and measure nothing: every proof measured must hold.
        if (!Enumerable.Range(0, Samples).All(_ => VerifyInclusion() && VerifyConsistency()))
        {
            throw new InvalidOperationException("A proof of the benchmark log does not verify.");
        }
    }

    private int Next() => next = (next + 1) % Samples;

    [Benchmark(Description = "MerkleLog.RootAsync(N)")]
    public Task<byte[]> Root() => log.RootAsync(Leaves);

    [Benchmark(Description = "MerkleLog.InclusionProofAsync")]
    public Task<IReadOnlyList<byte[]>> InclusionProof() => log.InclusionProofAsync(indices[Next()], Leaves);

    [Benchmark(Description = "MerkleProofs.VerifyInclusion")]
    public bool VerifyInclusion()
    {
        var (leaf, index, path) = inclusions[Next()];
        return MerkleProofs.VerifyInclusion(leaf, index, Leaves, path, root);
    }

    [Benchmark(Description = "MerkleLog.ConsistencyProofAsync")]
    public Task<IReadOnlyList<byte[]>> ConsistencyProof() => log.ConsistencyProofAsync(oldSizes[Next()], Leaves);

    [Benchmark(Description = "MerkleProofs.VerifyConsistency")]
    public bool VerifyConsistency()
    {
        var (oldRoot, oldSize, proof) = consistencies[Next()];
        return MerkleProofs.VerifyConsistency(oldSize, Leaves, oldRoot, root, proof);
    }
}
