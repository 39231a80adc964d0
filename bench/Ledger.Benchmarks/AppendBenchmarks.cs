using System.Globalization;
using BenchmarkDotNet.Attributes;
using Ledger.Integrity.Merkle;

namespace Ledger.Benchmarks;

/// <summary>
/// Appending a leaf to a log of <see cref="Leaves"/> leaves, measured over batches of <see cref="Appends"/> distinct leaves.
/// The frontier is resumed from the stored nodes for every batch, so it always starts at N. The stored log cannot be rolled
/// back, so it grows by every batch; a fixed number of batches per iteration bounds that growth (the cleanup line in
/// BenchmarkDotNet's log says where it ended) and keeps it clear of the next power of two of leaves, where every level
/// array of <see cref="MemoryMerkleNodes"/> doubles at once.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Batches)]
public class AppendBenchmarks
{
    private const int Appends = 1000;
    private const int Batches = 128;

    private MemoryMerkleNodes nodes = new();
    private MerkleFrontier frontier = MerkleFrontier.Empty();
    private byte[][] appended = [];

    [Params(1_000_000, 10_000_000)]
    public int Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        nodes = Logs.GrowAndTell(Leaves);
        appended = [.. Enumerable.Range(0, Appends).Select(i => Logs.LeafHash(-1 - i))];
    }

    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"// Leaves={Leaves:N0}: the stored log ends at {nodes.Size:N0} leaves, the last frontier at {frontier.Size:N0}."));

    [Benchmark(OperationsPerInvoke = Appends, Description = "MerkleFrontier.Append (per leaf)")]
    public int FrontierAppend()
    {
        frontier = MerkleFrontier.Resume(Leaves, nodes.Node);
        var written = 0;
        foreach (var leaf in appended)
        {
            written += frontier.Append(leaf).Count;
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = Appends, Description = "MemoryMerkleNodes.Append (per leaf)")]
    public long NodesAppend()
    {
        foreach (var leaf in appended)
        {
            nodes.Append(leaf);
        }

        return nodes.Size;
    }
}
