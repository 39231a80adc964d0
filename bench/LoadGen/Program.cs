using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Ledger.LoadGen;

// LoadGen run --url URL [--method M] [--body T | --body-file F] [--token T] [--rate R] [--seconds D] [--warmup W] ...
//   one open-loop load at rate R; LoadGen max ... steps the rate up until p99, late or failed requests break, then
//   measures at half the highest rate that held; LoadGen sha256 [SECONDS] times SHA256.HashData on 64 bytes.
var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
if (args is ["sha256", .. var rest])
{
    return Emit(Sha256Rate(rest is [var s] ? double.Parse(s, CultureInfo.InvariantCulture) : 3), null);
}

if (args is not [("run" or "max") and var mode, .. var options])
{
    Console.Error.WriteLine("usage: LoadGen run|max --url URL [options] | LoadGen sha256 [SECONDS] (see bench/README.md)");
    return 2;
}

var load = LoadOptions.Parse(options);
ThreadPool.SetMinThreads(64, 64);
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = load.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
var ids = load.IdsFile is { } file ? File.ReadAllLines(file).Where(line => line.Length > 0).ToList() : [];
var loop = new OpenLoop(load, client, ids);
LoadResult? warmup = null;
if (load.WarmupSeconds > 0)
{
    // As fast as 16 callers can go, so the API's hot paths are compiled at their final tier before anything is measured.
    warmup = await loop.ClosedAsync(load.ClosedWorkers, load.WarmupSeconds);
    Console.Error.WriteLine("warm-up: " + warmup.Describe());
}

object report;
if (string.Equals(mode, "run", StringComparison.Ordinal))
{
    var result = await loop.RunAsync(load.Rate, load.Seconds);
    Console.Error.WriteLine(result.Describe());
    report = result;
}
else
{
    report = await FindMaxAsync(loop, load, warmup);
}

if (load.SaveIdsFile is { } saveTo)
{
    await File.WriteAllLinesAsync(saveTo, loop.SavedIds);
}

return Emit(report, load.Output);

int Emit(object value, string? output)
{
    var text = JsonSerializer.Serialize(value, value.GetType(), json);
    if (output is null)
    {
        Console.WriteLine(text);
    }
    else
    {
        File.WriteAllText(output, text);
    }

    return 0;
}

static async Task<object> FindMaxAsync(OpenLoop loop, LoadOptions load, LoadResult? warmup)
{
    var steps = new List<LoadResult>();
    var best = 0.0;
    var held = 0.0;
    var broken = double.PositiveInfinity;
    var refinements = 0;
    for (var rate = load.StartRate; load.Search && rate <= load.MaxRate && rate >= 1 && refinements <= load.Refinements;)
    {
        var step = await loop.RunAsync(Math.Round(rate), load.StepSeconds);
        steps.Add(step);
        var ok = step.P99 <= load.P99LimitMilliseconds && step.Late <= load.LateLimitFraction * step.Sent && step.Failed <= 0.01 * step.Sent;
        Console.Error.WriteLine((ok ? "held  " : "broke ") + step.Describe());
        if (ok)
        {
            best = Math.Max(best, step.AchievedPerSecond);
            held = Math.Max(held, rate);
        }
        else
        {
            broken = Math.Min(broken, rate);
        }

        // Multiply the rate until it breaks (or divide it until it holds), then try the geometric middle of the highest
        // rate that held and the lowest that broke.
        var bracketed = held > 0 && !double.IsPositiveInfinity(broken);
        refinements += bracketed ? 1 : 0;
        rate = bracketed ? Math.Sqrt(held * broken) : held > 0 ? rate * load.Factor : rate / load.Factor;
        await Task.Delay(500);
    }

    // The throughput, measured as the baselines are (16 callers, closed loop); the open-loop latency run is at half of it.
    var closed = await loop.ClosedAsync(load.ClosedWorkers, load.StepSeconds * 2);
    Console.Error.WriteLine("closed " + closed.Describe());
    await SettleAsync(load.SettleUrl);
    var half = await loop.RunAsync(Math.Max(1, Math.Round(Math.Max(best, closed.AchievedPerSecond) / 2)), load.Seconds);
    Console.Error.WriteLine("half  " + half.Describe());
    return new { name = load.Name, maxRate = steps.Count == 0 ? (double?)null : Math.Round(best), p99LimitMs = load.P99LimitMilliseconds, closedRate = Math.Round(closed.AchievedPerSecond), closed, atHalf = half, steps, warmup };
}

// The closed loop leaves work behind (the log to extend, projections to run): wait for it, or the half-rate run measures
// the catching up rather than the rate.
static async Task SettleAsync(string? url)
{
    await Task.Delay(500);
    if (url is null)
    {
        return;
    }

    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    var stopwatch = Stopwatch.StartNew();
    var last = "";
    while (stopwatch.Elapsed < TimeSpan.FromSeconds(120))
    {
        var now = await client.GetStringAsync(url);
        if (string.Equals(now, last, StringComparison.Ordinal))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settled after {stopwatch.Elapsed.TotalSeconds:F1} s"));
            return;
        }

        last = now;
        await Task.Delay(1000);
    }
}

static object Sha256Rate(double seconds)
{
    var data = RandomNumberGenerator.GetBytes(64);
    Span<byte> hash = stackalloc byte[32];
    var count = 0L;
    var stopwatch = Stopwatch.StartNew();
    while (stopwatch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 10_000; i++)
        {
            SHA256.HashData(data, hash);
            data[0] = hash[0];
        }

        count += 10_000;
    }

    var perSecond = count / stopwatch.Elapsed.TotalSeconds;
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SHA256.HashData(64 bytes): {perSecond:N0}/s on one thread ({1e9 / perSecond:F1} ns each)"));
    return new { name = "sha256-64", perSecond = Math.Round(perSecond), nanoseconds = Math.Round(1e9 / perSecond, 1) };
}
