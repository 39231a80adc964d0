using System.Diagnostics;
using System.Text.Json;
using Ledger.Integrity.Merkle;

namespace Ledger.Benchmarks;

/// <summary>
/// The in-process proof rate of bench.sh: on a log of N leaves held in memory, one thread asks for inclusion proofs of
/// random leaves and then consistency proofs from random sizes, each for a given time, and prints one JSON object (per
/// core, since it is one thread).
/// </summary>
internal static class ProofRate
{
    public static async Task<int> RunAsync(long leaves, double seconds)
    {
        var log = new MerkleLog(Logs.Grow(leaves));
        var random = new Random(Logs.Seed);
        var inclusion = await TimeAsync(seconds, () => log.InclusionProofAsync(random.NextInt64(leaves), leaves));
        var consistency = await TimeAsync(seconds, () => log.ConsistencyProofAsync(random.NextInt64(1, leaves), leaves));
        var report = new
        {
            name = "proofs",
            leaves,
            perSecond = Math.Round(Math.Min(inclusion, consistency)),
            inclusionPerSecond = Math.Round(inclusion),
            consistencyPerSecond = Math.Round(consistency),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private static async Task<double> TimeAsync(double seconds, Func<Task<IReadOnlyList<byte[]>>> proof)
    {
        for (var i = 0; i < 10_000; i++)
        {
            await proof();
        }

        var count = 0L;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 1_000; i++)
            {
                await proof();
            }

            count += 1_000;
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }
}
