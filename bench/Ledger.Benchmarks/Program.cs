using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Ledger.Benchmarks;

// `build N…` times growing a log of N leaves with no harness in the way; anything else goes to BenchmarkDotNet.
if (args is ["build", .. var sizes])
{
    foreach (var size in sizes.Select(size => long.Parse(size.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)))
    {
        var stopwatch = Stopwatch.StartNew();
        var nodes = Logs.Grow(size);
        stopwatch.Stop();
        Console.WriteLine(Logs.Describe(size, stopwatch.Elapsed, nodes.Root()));
    }

    return 0;
}

// `generate EVENTS CONNECTION [WRITERS]` writes a history of that many events into the event store through Marten.
if (args is ["generate", var count, var connection, .. var rest])
{
    return await GeneratedHistory.RunAsync(connection, long.Parse(count.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        rest is [var writers] ? int.Parse(writers, CultureInfo.InvariantCulture) : 4);
}

// `generate-cases CASES CONNECTION [WRITERS]` writes that many city cases (and their categories) into the event store.
if (args is ["generate-cases", var caseCount, var caseConnection, .. var caseRest])
{
    return await GeneratedCases.RunAsync(caseConnection, long.Parse(caseCount.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        caseRest is [var caseWriters] ? int.Parse(caseWriters, CultureInfo.InvariantCulture) : 4);
}

// `append-rate SECONDS CONNECTION WRITERS quick|rich` times single-event appends through Marten (the raw baseline of bench.sh).
if (args is ["append-rate", var appendSeconds, var appendConnection, var appendWriters, var appendMode])
{
    return await AppendRate.RunAsync(appendConnection, double.Parse(appendSeconds, CultureInfo.InvariantCulture),
        int.Parse(appendWriters, CultureInfo.InvariantCulture), appendMode);
}

// `proof-rate LEAVES SECONDS` times inclusion and consistency proofs on one thread over an in-memory log (bench.sh).
if (args is ["proof-rate", var proofLeaves, var proofSeconds])
{
    return await ProofRate.RunAsync(long.Parse(proofLeaves.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        double.Parse(proofSeconds, CultureInfo.InvariantCulture));
}

// `rebuild CONNECTION` drops the case read model and times Marten's daemon rebuilding it from the events (bench.sh).
if (args is ["rebuild", var rebuildConnection])
{
    return await ProjectionRebuild.RunAsync(rebuildConnection);
}

BenchmarkSwitcher.FromAssembly(typeof(Logs).Assembly).Run(args);
return 0;
