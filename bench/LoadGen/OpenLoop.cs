using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Ledger.LoadGen;

/// <summary>
/// Sends requests at a constant arrival rate whether earlier ones have answered or not. Each request has a scheduled
/// time; its latency runs from that time to the end of its response, so waiting for a free connection (queueing) counts.
/// A request that could not get a connection within the late threshold of its schedule is counted as late (and still sent).
/// </summary>
internal sealed class OpenLoop(LoadOptions options, HttpClient client, IReadOnlyList<string> ids)
{
    private readonly Template url = new(options.Url, ids);
    private readonly Template? body = options.Body is null ? null : new Template(options.Body, ids);
    private readonly HttpMethod method = HttpMethod.Parse(options.Method);
    private readonly SemaphoreSlim connections = new(options.Connections);
    private readonly ConcurrentQueue<string> savedIds = new();
    private long counter;

    public IEnumerable<string> SavedIds => savedIds;

    public async Task<LoadResult> RunAsync(double rate, double seconds)
    {
        var total = (int)Math.Max(1, Math.Round(rate * seconds));
        var latencies = new double[total];
        var statuses = new int[total];
        var late = 0;
        var interval = Stopwatch.Frequency / rate;
        var tasks = new Task[total];
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var lateTicks = (long)(options.LateMilliseconds * Stopwatch.Frequency / 1000);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            WaitUntil(due);
            var slot = i;
            var number = Interlocked.Increment(ref counter);
            tasks[i] = Task.Run(async () =>
            {
                await connections.WaitAsync();
                try
                {
                    if (Stopwatch.GetTimestamp() - due > lateTicks)
                    {
                        Interlocked.Increment(ref late);
                    }

                    statuses[slot] = await SendAsync(number);
                }
                finally
                {
                    connections.Release();
                }

                latencies[slot] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return LoadResult.From(options.Name, rate, seconds, elapsed, latencies, statuses, late);
    }

    /// <summary>
    /// Closed loop, for the throughput the baselines are measured by: <paramref name="workers"/> callers each sending their next
    /// request as soon as the last one is answered, for <paramref name="seconds"/>. Latency runs from each send.
    /// </summary>
    public async Task<LoadResult> ClosedAsync(int workers, double seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentBag<int>();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                statuses.Add(await SendAsync(Interlocked.Increment(ref counter)));
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var result = LoadResult.From(options.Name, 0, seconds, elapsed, [.. latencies], [.. statuses], late: 0);
        return result with { Rate = Math.Round(result.AchievedPerSecond) };
    }

    /// <summary>
    /// Sleeps until the schedule is due, in steps of a millisecond, and never spins: a spinning generator would take a core
    /// from the API it measures. At rates above a thousand a second requests leave in small bursts, each counted from its
    /// own scheduled time, so the burst's wait shows in the latency rather than hiding it.
    /// </summary>
    private static void WaitUntil(long due)
    {
        while (due - Stopwatch.GetTimestamp() > 0)
        {
            Thread.Sleep(1);
        }
    }

    private async Task<int> SendAsync(long number)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url.Fill(number));
            if (options.Token is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (options.Header is { } header)
            {
                // Sent, not acted on: a gzip answer is read as bytes, not unpacked, so the generator's cores stay the API's.
                request.Headers.TryAddWithoutValidation(header[..header.IndexOf(':', StringComparison.Ordinal)].Trim(), header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            }

            if (body is not null)
            {
                request.Content = new StringContent(body.Fill(number), Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            _ = await response.Content.ReadAsByteArrayAsync();
            if (options.SaveIdsFile is not null && response.Headers.Location is { } location)
            {
                savedIds.Enqueue(location.OriginalString[(location.OriginalString.LastIndexOf('/') + 1)..]);
            }

            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return -1;
        }
        catch (TaskCanceledException)
        {
            return -2;
        }
    }
}
