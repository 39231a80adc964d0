using System.Diagnostics;
using Xunit.Abstractions;
using static Ledger.Api.Tests.Hosting.FaultFigures;

namespace Ledger.Api.Tests.Hosting;

/// <summary>What the store, the log and the read models showed after a crash under load, and when they had caught up.</summary>
public sealed record CrashAudit(IReadOnlyList<LoadAnswer> Answers, StoredSubmissions Stored, DateTime Stopped, DateTime? LogCaughtUp, ReadBack ReadBack)
{
    public IReadOnlyList<LoadAnswer> Acknowledged { get; } = [.. Answers.Where(answer => answer.Acknowledged)];

    public IReadOnlyList<string> Lost => Stored.Lost(Acknowledged);

    /// <summary>Requests answered otherwise than 2xx (or not at all) whose submission is stored all the same.</summary>
    public IReadOnlyList<LoadAnswer> StoredUnacknowledged => [.. Answers.Where(answer => !answer.Acknowledged && Stored.Materials.Contains(answer.Material))];

    public IEnumerable<(string Figure, object Value)> Figures() =>
    [
        ("Requests acknowledged 2xx (applications + bundles)", $"{Acknowledged.Count} ({Acknowledged.Count(answer => answer.Kind == Submission.Application)} + {Acknowledged.Count(answer => answer.Kind == Submission.Bundle)})"),
        ("Streams stored (applications incl. bundle parts + bundles)", $"{Stored.Applications.Count + Stored.Bundles.Count} ({Stored.Applications.Count} + {Stored.Bundles.Count})"),
        ("Requests stored though not acknowledged", StoredUnacknowledged.Count == 0 ? "0"
            : $"{StoredUnacknowledged.Count}: " + string.Join(", ", StoredUnacknowledged.GroupBy(answer => answer.Status == 0 ? "no answer (cut by the crash)" : $"{answer.Status} {answer.Code}{(answer.SaidRecorded ? " saying recorded" : "")}", StringComparer.Ordinal).Select(group => $"{group.Key} ×{group.Count()}"))),
        ("Acknowledged but not stored (lost)", Lost.Count),
        ("Half-written commands", Stored.HalfWritten.Count == 0 ? "0" : string.Join("; ", Stored.HalfWritten)),
        ("Events in the store when the load stopped", Stored.LastPosition),
        ("Log caught up (a leaf per event), s after the load stopped", LogCaughtUp is { } log ? Seconds(log - Stopped) : "not in time"),
        ("Read models caught up (every acknowledged id read back), s after the load stopped", ReadBack.At is { } read ? Seconds(read - Stopped) : "not in time"),
        ("Reads answered 503 after recovery (retried)", ReadBack.Unavailable),
    ];

    /// <summary>Nothing acknowledged is lost, nothing is half-written, and the log and read models caught up in time.</summary>
    public void ShouldBeWhole()
    {
        Lost.ShouldBeEmpty("acknowledged but not stored");
        Stored.HalfWritten.ShouldBeEmpty();
        LogCaughtUp.ShouldNotBeNull("the log did not catch up in time");
        ReadBack.Unreadable.ShouldBeEmpty();
        ReadBack.At.ShouldNotBeNull("the read models did not catch up in time");
    }
}

/// <summary>
/// Crashes under a load of appends, each on a PostgreSQL cluster of the test's own with the API as a real server process:
/// the database stopped immediately and started again, and the API process killed and started again.
/// </summary>
public class CrashUnderLoad(ITestOutputHelper output)
{
    private const int Workers = 6;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The log is a Wolverine agent: a killed node keeps it assigned until Wolverine finds that node's heartbeat stale (about a
    /// minute after the kill), and only then does the new node take it over.
    /// </summary>
    private static readonly TimeSpan KilledNodeCatchUp = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task a_database_crash_mid_load_loses_nothing_acknowledged_answers_503_while_down_and_the_api_recovers_by_itself()
    {
        // Given the API on a cluster of its own, under a load of applications and bundles from six workers
        var clock = Stopwatch.StartNew();
        await using var stack = await FaultStack.StartAsync();
        var city = await stack.CityAsync();
        var load = AppendLoad.Start(stack.Http, city, Workers);
        await load.AcknowledgedAsync(40, DateTime.MinValue, Bound);

        // When PostgreSQL stops immediately (as in a crash) mid-load, stays down five seconds and is started again
        var crashed = DateTime.UtcNow;
        await stack.Postgres.CrashAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var restarted = DateTime.UtcNow;
        await stack.Postgres.StartAsync();
        var ready = DateTime.UtcNow;
        var recovered = await load.AcknowledgedAsync(40, restarted, Bound);
        await load.StopAsync();
        var audit = await AuditAsync(stack, city, load, Bound);

        // Then callers got a 2xx or a 503 `unavailable` with Retry-After, never a 500 and never a dropped connection;
        // the API recovered without a restart; and every acknowledged submission is stored whole, logged and readable
        var answers = load.Answers;
        var unavailable = answers.Where(answer => answer.Status == 503).ToList();
        var others = answers.Where(answer => !answer.Acknowledged && answer.Status != 503).ToList();
        await WriteAsync(output, "Database crash (pg_ctl stop -m immediate) under load", [
            ("Load", $"{Workers} workers, {answers.Count} requests over {Seconds(audit.Stopped - answers.Min(answer => answer.Sent))} s"),
            .. audit.Figures(),
            ("Answered 503 `unavailable`", $"{unavailable.Count}, over {(unavailable.Count == 0 ? "0" : Seconds(unavailable.Max(answer => answer.At) - unavailable.Min(answer => answer.At)))} s (first 503 to last)"),
            ("Other answers (500s, dropped connections)", others.Count == 0 ? "0" : string.Join(", ", others.Select(answer => answer.ToString()).Distinct(StringComparer.Ordinal))),
            ("Crash to first 503, s", unavailable.Count == 0 ? "none" : Seconds(unavailable.Min(answer => answer.At) - crashed)),
            ("pg_ctl start to PostgreSQL ready (WAL replayed), s", Seconds(ready - restarted)),
            ("pg_ctl start to first 2xx, s", Seconds(recovered - restarted)),
            ("Test took, s", Seconds(clock.Elapsed)),
        ]);
        others.ShouldBeEmpty();
        unavailable.ShouldNotBeEmpty("the crash was not seen at all");
        unavailable.ShouldAllBe(answer => answer.Code == "unavailable" && answer.RetryAfter);
        audit.ShouldBeWhole();
    }

    [Fact]
    public async Task an_api_process_killed_mid_load_and_started_again_loses_nothing_acknowledged_and_catches_up()
    {
        // Given the API as a server process on a cluster of its own, under a load of applications and bundles from six workers
        var clock = Stopwatch.StartNew();
        await using var stack = await FaultStack.StartAsync();
        var city = await stack.CityAsync();
        var load = AppendLoad.Start(stack.Http, city, Workers);
        await load.AcknowledgedAsync(40, DateTime.MinValue, Bound);

        // When the process is killed (SIGKILL) mid-load and a new one is started on the same port and database
        var killed = DateTime.UtcNow;
        await stack.Api.KillAsync();
        var restarted = DateTime.UtcNow;
        await stack.StartApiAsync();
        var live = DateTime.UtcNow;
        await stack.Api.AnswersAsync(stack.BaseUrl + "/health/ready", Bound);
        var ready = DateTime.UtcNow;
        var recovered = await load.AcknowledgedAsync(40, restarted, Bound);
        await load.StopAsync();
        var audit = await AuditAsync(stack, city, load, KilledNodeCatchUp);

        // Then requests in flight or sent while no process listened went unanswered, none was answered 5xx, and every
        // acknowledged submission is stored whole, logged and readable: the new process resumed the log and the daemon
        var answers = load.Answers;
        var unanswered = answers.Where(answer => answer.Status == 0).ToList();
        var cut = unanswered.Count(answer => answer.Failure?.Contains("refused", StringComparison.OrdinalIgnoreCase) == false);
        var failed = answers.Where(answer => answer.Status >= 500).ToList();
        await WriteAsync(output, "API process crash (kill -9) under load", [
            ("Load", $"{Workers} workers, {answers.Count} requests over {Seconds(audit.Stopped - answers.Min(answer => answer.Sent))} s"),
            .. audit.Figures(),
            ("Unanswered (cut mid-request by the kill, or refused while no process listened)", $"{unanswered.Count} ({cut} cut, {unanswered.Count - cut} refused)"),
            ("Kill to first 2xx, s", Seconds(recovered - killed)),
            ("Answered 5xx", failed.Count == 0 ? "0" : string.Join(", ", failed.Select(answer => answer.ToString()).Distinct(StringComparer.Ordinal))),
            ("New process started to listening (/health/live), s", Seconds(live - restarted)),
            ("New process started to ready (/health/ready), s", Seconds(ready - restarted)),
            ("New process started to first 2xx, s", Seconds(recovered - restarted)),
            ("Test took, s", Seconds(clock.Elapsed)),
        ]);
        failed.ShouldBeEmpty();
        answers.Where(answer => !answer.Acknowledged && answer.Status != 0).ShouldBeEmpty();
        audit.ShouldBeWhole();
    }

    /// <summary>Reads the store, then waits for the log and the read models side by side, each for at most <paramref name="catchUp"/>.</summary>
    private static async Task<CrashAudit> AuditAsync(FaultStack stack, FaultCity city, AppendLoad load, TimeSpan catchUp)
    {
        var stopped = DateTime.UtcNow;
        var stored = await StoreAudit.ReadAsync(stack.Postgres.ConnectionString);
        var log = StoreAudit.LogCaughtUpAsync(stack.Postgres.ConnectionString, stored.LastPosition, catchUp);
        var readBack = StoreAudit.ReadModelsCaughtUpAsync(stack, city, stored, [.. load.Acknowledged], catchUp);
        return new CrashAudit(load.Answers, stored, stopped, await log, await readBack);
    }
}
