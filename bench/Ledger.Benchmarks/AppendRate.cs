using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using JasperFx.Events;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;
using Ledger.Projections;
using Marten;

namespace Ledger.Benchmarks;

/// <summary>
/// The raw Marten baseline of bench.sh: for a given time, N writers each start a new application stream with one
/// ApplicationSubmitted event (the event the API's submit appends, with its inline read model), one transaction per
/// event, no HTTP and no deciders; in Quick or Rich append mode. Prints one JSON object.
/// </summary>
internal static class AppendRate
{
    private const string Lead = "11310000000000001A";
    private const string MatterCode = "RAW-0001";

    public static async Task<int> RunAsync(string connection, double seconds, int writers, string mode)
    {
        var quick = string.Equals(mode, "quick", StringComparison.Ordinal);
        using var store = DocumentStore.For(options =>
        {
            LedgerStoreOptions.Configure(options, connection);
            options.Events.AppendMode = quick ? EventAppendMode.Quick : EventAppendMode.Rich;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var matter = new MatterDefinition("Raw append baseline", Lead, [], ["公司登记（备案）申请书"], 20, null);
        var portal = new Actor("11310000MB2F12348G", "portal.bench");
        await using (var session = store.LightweightSession())
        {
            if (await session.Events.FetchStreamStateAsync(StreamIds.ForMatter(MatterCode)) is null)
            {
                session.Events.StartStream<Matter>(StreamIds.ForMatter(MatterCode), new MatterPublished(MatterCode, 1, matter, portal, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
            }
        }

        // Warm up the connections and Marten's code paths before the clock starts.
        await WriteAsync(store, matter, portal, TimeSpan.FromSeconds(1), writers);
        var stopwatch = Stopwatch.StartNew();
        var (count, latencies) = await WriteAsync(store, matter, portal, TimeSpan.FromSeconds(seconds), writers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        latencies.Sort();
        double Percentile(double q) => latencies.Count == 0 ? 0 : Math.Round(latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)], 3);
        var report = new { name = "marten-" + mode, writers, seconds = Math.Round(elapsed, 1), events = count, perSecond = Math.Round(count / elapsed), p50 = Percentile(0.5), p99 = Percentile(0.99), p999 = Percentile(0.999) };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private static async Task<(long Count, List<double> Latencies)> WriteAsync(DocumentStore store, MatterDefinition matter, Actor portal, TimeSpan duration, int writers)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var all = new List<double>();
        var count = 0L;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                await using var session = store.LightweightSession();
                var id = Guid.CreateVersion7();
                var n = Interlocked.Increment(ref count);
                var applicant = PartyOnRecord.Enterprise("上海小笼包餐饮有限公司 " + n.ToString(CultureInfo.InvariantCulture), "91310101MA1FPX1234");
                Material[] materials = [new("公司登记（备案）申请书", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)))];
                session.Events.StartStream<Application>(id, new ApplicationSubmitted(id, MatterCode, 1, matter, applicant, materials, portal, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        })));
        return (all.Count, all);
    }
}
