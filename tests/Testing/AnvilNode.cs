using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ledger.Testing;

/// <summary>
/// A chain node of a test's own: the repository's anvil on a free loopback port, which the test may stop and start again
/// (its state is kept in a file across restarts), to play a chain outage.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    private readonly string stateFile;
    private readonly int blockTimeSeconds;
    private Process? process;

    private AnvilNode(int port, string stateFile, int blockTimeSeconds)
    {
        Port = port;
        this.stateFile = stateFile;
        this.blockTimeSeconds = blockTimeSeconds;
    }

    public int Port { get; }

    public string RpcUrl => $"http://127.0.0.1:{Port}";

    public bool Running => process is { HasExited: false };

    /// <param name="blockTimeSeconds">0 mines a block per transaction; otherwise a block every so many seconds.</param>
    public static async Task<AnvilNode> StartAsync(int blockTimeSeconds = 0)
    {
        var node = new AnvilNode(FreePort(), Path.Combine(Path.GetTempPath(), $"anvil-{Guid.NewGuid():N}.json"), blockTimeSeconds);
        await node.StartAgainAsync();
        return node;
    }

    public async Task StartAgainAsync()
    {
        var anvil = Repository.PathTo("node_modules/.bin/anvil");
        var arguments = FormattableString.Invariant($"--host 127.0.0.1 --port {Port} --chain-id 31337 --silent --state {stateFile}")
            + (blockTimeSeconds > 0 ? FormattableString.Invariant($" --block-time {blockTimeSeconds}") : "");
        process = Process.Start(new ProcessStartInfo(anvil, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{anvil} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.PostAsync(RpcUrl, new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"anvil did not answer on {RpcUrl} within 30 s.");
    }

    /// <summary>Stops the node the way an operator would (SIGINT), so it writes its state for the next start.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        using (var interrupt = Process.Start("kill", $"-INT {process.Id}"))
        {
            await interrupt.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        File.Delete(stateFile);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
