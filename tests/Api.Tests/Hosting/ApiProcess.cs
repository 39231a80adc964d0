using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// The API as a real server process (<c>dotnet Ledger.Api.dll</c>, configured through environment variables as a deployment
/// would be) on a loopback port: a test may kill it outright and start another on the same port and database.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private readonly Process process;

    private ApiProcess(Process process) => this.process = process;

    /// <summary>What the server wrote to its console (the first 500 lines).</summary>
    public IReadOnlyList<string> Output => [.. output];

    /// <summary>
    /// Starts a server with these settings (configuration keys as in appsettings, e.g. "ConnectionStrings:Ledger") and
    /// returns once it answers /health/live, within a minute.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string baseUrl, IReadOnlyDictionary<string, string> settings)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var api = Repository.PathTo($"src/Api/bin/{configuration}/net10.0/Ledger.Api.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{api}\"")
        {
            WorkingDirectory = Repository.PathTo("src/Api"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new ApiProcess(Process.Start(start) ?? throw new InvalidOperationException("The API server did not start."));
        server.process.OutputDataReceived += (_, line) => server.Remember(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Remember(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.AnswersAsync(baseUrl + "/health/live", TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>Waits until a GET of <paramref name="url"/> answers 2xx; fails if the process exits or the time runs out.</summary>
    public async Task AnswersAsync(string url, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            process.HasExited.ShouldBeFalse("the API server exited: " + string.Join('\n', output));
            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not answer 2xx within {within.TotalSeconds} s. The server wrote:\n{string.Join('\n', output)}");
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it was doing; nothing of it runs again.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is not null && output.Count < 500)
        {
            output.Enqueue(line);
        }
    }
}
