using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Testing;

/// <summary>
/// A PostgreSQL cluster of one test's own, made and run by the scripts' own functions (scripts/stack.sh), for a test
/// that stops and starts the database under a running host without disturbing any other test.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ledger-own-pg-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; } = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=ledger;Username=ledger;Password=ledger";

    public Task StartAsync() => Stack($"start_postgres '{directory}' {Port} throwaway");

    /// <summary>A fast shutdown, as an operator or a crash-restart would: open connections are cut.</summary>
    public Task StopAsync() => Stack($"run_as_postgres \"$(pg_bindir)/pg_ctl\" -D '{directory}' -m fast -w stop");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
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
