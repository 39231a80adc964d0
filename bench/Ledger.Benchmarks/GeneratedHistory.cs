using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;
using Ledger.Projections;
using Marten;

namespace Ledger.Benchmarks;

/// <summary>
/// Writes a city's worth of history straight into the event store through Marten (no HTTP, no deciders in the way): two
/// agencies, one matter with a co-approver, and then applications that each run the whole approval path in seven events
/// (submitted, accepted, approvals requested, two approvals, approved, completed), with their inline read models, until
/// the store holds the number of events asked for. Half the applicants are enterprises in the clear, half are people
/// known only by a subject and a commitment, as the API records them. The log, checkpoints and anchors are left to the
/// API that runs on the database afterwards.
/// </summary>
internal static class GeneratedHistory
{
    private const int EventsPerApplication = 7;
    private const int ApplicationsPerCommit = 200;
    private const string Lead = "11310000000000001A";
    private const string CoApprover = "11310000000000002B";
    private const string MatterCode = "BENCH-0001";

    public static async Task<int> RunAsync(string connection, long events, int writers)
    {
        using var store = DocumentStore.For(options => LedgerStoreOptions.Configure(options, connection));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var start = DateTimeOffset.Parse("2026-01-05T01:00:00Z", CultureInfo.InvariantCulture);
        var matter = new MatterDefinition("Food business licence (benchmark)", Lead, [CoApprover], ["business-licence", "premises-plan"], 20, null);
        var officer = new Actor(Lead, "bench-officer");

        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Agency>(StreamIds.ForAgency(Lead), new AgencyRegistered(Lead, "Market Regulation Bureau (benchmark)", "Huangpu", [], officer, start));
            session.Events.StartStream<Agency>(StreamIds.ForAgency(CoApprover), new AgencyRegistered(CoApprover, "Health Commission (benchmark)", "Huangpu", [], officer, start));
            session.Events.StartStream<Matter>(StreamIds.ForMatter(MatterCode), new MatterPublished(MatterCode, 1, matter, officer, start));
            await session.SaveChangesAsync();
        }

        var applications = Math.Max(0, (events - 3) / EventsPerApplication);
        var commits = (applications + ApplicationsPerCommit - 1) / ApplicationsPerCommit;
        var next = -1L;
        var stopwatch = Stopwatch.StartNew();
        var written = 0L;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            long commit;
            while ((commit = Interlocked.Increment(ref next)) < commits)
            {
                await using var session = store.LightweightSession();
                var first = commit * ApplicationsPerCommit;
                for (var i = first; i < Math.Min(applications, first + ApplicationsPerCommit); i++)
                {
                    var application = Guid.NewGuid();
                    session.Events.StartStream<Application>(application, Lifecycle(application, i, matter, start.AddSeconds(i)));
                }

                await session.SaveChangesAsync();
                var done = Interlocked.Add(ref written, (Math.Min(applications, first + ApplicationsPerCommit) - first) * EventsPerApplication);
                if (commit % 100 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done:N0} events, {done / stopwatch.Elapsed.TotalSeconds:N0}/s"));
                }
            }
        })));

        var total = written + 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {total} events ({applications} applications) in {stopwatch.Elapsed.TotalSeconds:N1} s: {written / stopwatch.Elapsed.TotalSeconds:N0} events/s through Marten with {writers} writers"));
        return 0;
    }

    private static object[] Lifecycle(Guid id, long number, MatterDefinition matter, DateTimeOffset at)
    {
        var desk = new Actor(Lead, "acceptor-" + (number % 40).ToString(CultureInfo.InvariantCulture));
        var coDesk = new Actor(CoApprover, "approver-" + (number % 25).ToString(CultureInfo.InvariantCulture));
        var applicant = number % 2 == 0
            ? PartyOnRecord.Enterprise($"Benchmark Trading Co. {number}", $"91310000{number:D9}X")
            : new PartyOnRecord(ApplicantKind.Person, Recorded.Sealed(Guid.NewGuid(), Commitment()), Recorded.Sealed(Guid.NewGuid(), Commitment()));
        Material[] materials = [new("business-licence", Commitment()), new("premises-plan", Commitment())];
        return
        [
            new ApplicationSubmitted(id, MatterCode, 1, matter, applicant, materials, new Actor(Lead, "portal"), at),
            new ApplicationAccepted(id, at.AddDays(matter.PromisedDays), desk, at.AddMinutes(30)),
            new ApprovalsRequested(id, [Lead, CoApprover], desk, at.AddMinutes(31)),
            new ApprovalGranted(id, Lead, "Premises meet the standard.", desk, at.AddDays(2)),
            new ApprovalGranted(id, CoApprover, "Health certificates on file.", coDesk, at.AddDays(3)),
            new ApplicationApproved(id, at.AddDays(3)),
            new ApplicationCompleted(id, desk, at.AddDays(4)),
        ];
    }

    private static string Commitment() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
