using System.Diagnostics;
using System.Globalization;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Projections;
using Marten;

namespace Ledger.Benchmarks;

/// <summary>
/// Writes a city's cases straight into the event store through Marten, for the overview benchmark: cases reported over the
/// last 60 days in all sixteen districts, twelve categories and some 800 grid cells, each taken some way along the loop
/// (reported, registered, dispatched, accepted, handled, verified, closed and called back; some returned and dispatched
/// again, some extended, some put on hold or refused), with acceptance and handling deadlines that many open cases have
/// passed. Every event is in the past, so the overview as at now counts them all.
/// </summary>
internal static class GeneratedCases
{
    private const int CasesPerCommit = 250;
    private static readonly string[] Categories =
        ["ILLEGAL-PARKING", "ROAD-DAMAGE", "GARBAGE-OVERFLOW", "STREET-LIGHT", "ILLEGAL-BILLBOARD", "NOISE", "WATER-LEAK", "MANHOLE-COVER",
         "SHARED-BIKES", "STREET-VENDOR", "GREEN-BELT", "BLOCKED-DRAIN"];

    private static readonly Actor Centre = new("11310000000000001A", "bench-centre");

    public static async Task<int> RunAsync(string connection, long cases, int writers)
    {
        using var store = DocumentStore.For(options => LedgerStoreOptions.Configure(options, connection));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var definitions = Categories.Select((code, i) => new CategoryDefinition(code, Department(i),
            [new SeverityLimits(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(5), TimeLimit.Days(1))])).ToArray();
        await using (var session = store.LightweightSession())
        {
            for (var i = 0; i < Categories.Length; i++)
            {
                session.Events.StartStream<Category>(Category.StreamId(Categories[i]), new CategoryPublished(Categories[i], 1, definitions[i], Centre, now.AddDays(-90)));
            }

            await session.SaveChangesAsync();
        }

        var commits = (cases + CasesPerCommit - 1) / CasesPerCommit;
        var next = -1L;
        var events = 0L;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            long commit;
            while ((commit = Interlocked.Increment(ref next)) < commits)
            {
                await using var session = store.LightweightSession();
                var first = commit * CasesPerCommit;
                var written = 0;
                for (var i = first; i < Math.Min(cases, first + CasesPerCommit); i++)
                {
                    var id = Guid.NewGuid();
                    var history = History(id, (int)i, definitions, now);
                    session.Events.StartStream<Case>(id, history);
                    written += history.Count;
                }

                await session.SaveChangesAsync();
                var done = Interlocked.Add(ref events, written);
                if (commit % 40 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done:N0} events, {done / stopwatch.Elapsed.TotalSeconds:N0}/s"));
                }
            }
        })));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {cases} cases, {events + Categories.Length} events, in {stopwatch.Elapsed.TotalSeconds:N1} s through Marten with {writers} writers"));
        return 0;
    }

    private static string Department(int i) => string.Create(CultureInfo.InvariantCulture, $"1131000000000{i + 10:D4}X");

    /// <summary>One case's events: how far along the loop it got is drawn from the case number, and it stops at the present.</summary>
    private static List<object> History(Guid id, int number, CategoryDefinition[] definitions, DateTimeOffset now)
    {
        var random = new Random(number);
        var district = Districts.Shanghai[random.Next(Districts.Shanghai.Count)].Code;
        var category = random.Next(Categories.Length);
        var at = now.AddMinutes(-random.Next(60 * 24 * 60));
        var location = new CaseLocation(district, "街道", string.Create(CultureInfo.InvariantCulture, $"{district}-{random.Next(50):D3}-{random.Next(1, 4):D3}"), 31.2, 121.4);
        var history = new List<object>
        {
            new CaseReported(id, (CaseSource)random.Next(5), Categories[category], 1, definitions[category], Severity.Routine, location, "", [], null, Centre, at),
        };
        var department = definitions[category].DefaultDepartment;
        var officer = new Actor(department, "officer-" + random.Next(20).ToString(CultureInfo.InvariantCulture));
        var steps = random.NextDouble() switch { < 0.03 => 0, < 0.06 => -1, < 0.12 => 1, < 0.22 => 2, < 0.40 => 3, < 0.48 => 4, < 0.52 => 5, _ => 6 };
        bool Next(double hours, Func<DateTimeOffset, object> @event)
        {
            at = at.AddHours(hours * (0.2 + random.NextDouble()));
            if (at >= now)
            {
                return false;
            }

            history.Add(@event(at));
            return true;
        }

        if (steps < 0)
        {
            Next(1, when => new CaseNotRegistered(id, "不属于城市管理", Centre, when));
            return history;
        }

        var dispatch = 1;
        var ok = steps >= 1 && Next(0.5, when => new CaseRegistered(id, Centre, when));
        ok = ok && steps >= 2 && Next(1, when => new CaseDispatched(id, dispatch, department, when.AddHours(2), Centre, when));
        if (ok && random.NextDouble() < 0.05)
        {
            ok = Next(1, when => new CaseReturned(id, dispatch, department, "非本部门职责", officer, when))
                && Next(1, when => new CaseDispatched(id, ++dispatch, department, when.AddHours(2), Centre, when));
        }

        var handleBy = at;
        ok = ok && steps >= 3 && Next(random.NextDouble() < 0.1 ? 4 : 1, when => new CaseAccepted(id, dispatch, department, handleBy = when.AddDays(5), officer, when));
        if (ok && random.NextDouble() < 0.08)
        {
            ok = Next(24, when => new ExtensionRequested(id, dispatch, department, "需协调", 3, officer, when))
                && Next(2, when => new ExtensionApproved(id, 3, handleBy = handleBy.AddDays(3), Centre, when));
        }

        ok = ok && steps >= 4 && Next(random.NextDouble() < 0.15 ? 200 : 60, when => new CaseHandled(id, dispatch, department, "已处置", [], when.AddDays(1), officer, when));
        ok = ok && steps >= 5 && Next(6, when => new VerificationPassed(id, "", [], Centre, when));
        ok = ok && steps >= 6 && Next(2, when => new CaseClosed(id, Centre, when));
        if (ok && random.NextDouble() < 0.6)
        {
            Next(24, when => new CallbackRecorded(id, random.NextDouble() < 0.9 ? Satisfaction.Satisfied : Satisfaction.Dissatisfied, "", Centre, when));
        }

        return history;
    }
}
