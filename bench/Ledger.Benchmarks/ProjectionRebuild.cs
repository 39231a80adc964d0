using System.Diagnostics;
using System.Text.Json;
using Ledger.Projections;
using Ledger.Projections.Incidents;
using Marten;

namespace Ledger.Benchmarks;

/// <summary>
/// The projection rebuild of bench.sh: the case read model (one document per case, every case event folded in) dropped and
/// rebuilt from the event store by Marten's projection daemon, timed, and printed as one JSON object.
/// </summary>
internal static class ProjectionRebuild
{
    public static async Task<int> RunAsync(string connection)
    {
        using var store = DocumentStore.For(options => LedgerStoreOptions.Configure(options, connection));
        long caseEvents;
        await using (var session = store.QuerySession())
        {
            caseEvents = (await session.QueryAsync<long>($"select count(*) from {store.Options.Events.DatabaseSchemaName}.mt_events where type like 'case\\_%'")).Single();
        }

        using var daemon = await store.BuildProjectionDaemonAsync();
        var stopwatch = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync<CaseStatusProjection>(TimeSpan.FromMinutes(10), CancellationToken.None);
        stopwatch.Stop();
        await using (var session = store.QuerySession())
        {
            var documents = await session.Query<CaseStatus>().CountAsync();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                name = "rebuild",
                projection = nameof(CaseStatusProjection),
                documents,
                events = caseEvents,
                seconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
                perSecond = Math.Round(caseEvents / stopwatch.Elapsed.TotalSeconds),
            }));
        }

        return 0;
    }
}
