using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own, made and run by the scripts' own functions (scripts/stack.sh), for a test
/// that stops and starts the database under a running host without disturbing any other test.
/// </summary>
/// <param name="durable">
/// Commit as production does (synchronous_commit on: a commit is acknowledged once its WAL is written), for a test that
/// crashes the server. A throwaway cluster acknowledges a commit before its WAL leaves PostgreSQL's memory, so an immediate
/// stop loses the last ones. fsync stays off: what was written survives a crash of PostgreSQL (not of the machine) in the
/// operating system's cache.
/// </param>
public sealed class OwnPostgres(bool durable = false) : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ledger-own-pg-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; } = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=ledger;Username=ledger;Password=ledger";

    public Task StartAsync() => Stack($"start_postgres '{directory}' {Port} throwaway"
        + (durable ? $" && PGPASSWORD=ledger \"$(pg_bindir)/psql\" -h 127.0.0.1 -p {Port} -U ledger -d postgres -qc 'alter database ledger set synchronous_commit = on'" : ""));

    /// <summary>A fast shutdown, as an operator or a crash-restart would: open connections are cut.</summary>
    public Task StopAsync() => Stack($"run_as_postgres \"$(pg_bindir)/pg_ctl\" -D '{directory}' -m fast -w stop");

    /// <summary>
    /// An immediate shutdown: every server process quits at once, as in a crash (no checkpoint; the next start replays
    /// the WAL to recover).
    /// </summary>
    public Task CrashAsync() => Stack($"run_as_postgres \"$(pg_bindir)/pg_ctl\" -D '{directory}' -m immediate -w stop");

    public async ValueTask DisposeAsync()
    {
        // Stopped whatever state a failed test left it in: running, crashed or stopped.
        await Stack($"if run_as_postgres \"$(pg_bindir)/pg_ctl\" -D '{directory}' status >/dev/null 2>&1; then run_as_postgres \"$(pg_bindir)/pg_ctl\" -D '{directory}' -m fast -w stop; fi");
        Directory.Delete(directory, recursive: true);
    }

    private static async Task Stack(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source scripts/stack.sh && {command}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
