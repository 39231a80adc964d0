using System.Globalization;

namespace Ledger.LoadGen;

/// <summary>One load: what to send, how often, for how long; parsed from `--name value` pairs.</summary>
internal sealed record LoadOptions
{
    public string Name { get; init; } = "load";
    public string Method { get; init; } = "GET";
    public required string Url { get; init; }
    public string? Body { get; init; }
    public string? Token { get; init; }

    /// <summary>One more request header, "Name: value" (the overview's loads ask for gzip as a browser does).</summary>
    public string? Header { get; init; }
    public double Rate { get; init; } = 100;
    public double Seconds { get; init; } = 10;
    public double WarmupSeconds { get; init; }
    public int Connections { get; init; } = 256;
    public double LateMilliseconds { get; init; } = 10;
    public string? IdsFile { get; init; }
    public string? SaveIdsFile { get; init; }
    public string? Output { get; init; }

    // The search for the highest sustainable rate (mode `max`).
    public double StartRate { get; init; } = 50;
    public double Factor { get; init; } = 1.5;
    public double MaxRate { get; init; } = 50_000;
    public double StepSeconds { get; init; } = 4;
    public double P99LimitMilliseconds { get; init; } = 100;
    public double LateLimitFraction { get; init; } = 0.01;
    public int Refinements { get; init; } = 2;

    public int ClosedWorkers { get; init; } = 16;

    /// <summary>Whether max also searches for the open-loop rate whose p99 holds (--search 0 measures the closed-loop throughput and the half-rate run only).</summary>
    public bool Search { get; init; } = true;

    /// <summary>A URL polled after the closed-loop run until two answers in a row are the same (the API has caught up), before the half-rate run.</summary>
    public string? SettleUrl { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --option value, got {args[i]}", nameof(args));
            }

            values[args[i][2..]] = args[i + 1];
        }

        string? Text(string key) => values.GetValueOrDefault(key);
        double Number(string key, double fallback) => values.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
        var body = Text("body-file") is { } file ? File.ReadAllText(file) : Text("body");
        return new LoadOptions
        {
            Name = Text("name") ?? "load",
            Method = Text("method") ?? (body is null ? "GET" : "POST"),
            Url = Text("url") ?? throw new ArgumentException("--url is required", nameof(args)),
            Body = body,
            Token = Text("token"),
            Header = Text("header"),
            Rate = Number("rate", 100),
            Seconds = Number("seconds", 10),
            WarmupSeconds = Number("warmup", 0),
            Connections = (int)Number("connections", 256),
            LateMilliseconds = Number("late-ms", 10),
            IdsFile = Text("ids"),
            SaveIdsFile = Text("save-ids"),
            Output = Text("out"),
            StartRate = Number("start", 50),
            Factor = Number("factor", 1.5),
            MaxRate = Number("max-rate", 50_000),
            StepSeconds = Number("step-seconds", 4),
            P99LimitMilliseconds = Number("p99-ms", 100),
            LateLimitFraction = Number("late-fraction", 0.01),
            Refinements = (int)Number("refine", 2),
            ClosedWorkers = (int)Number("closed-workers", 16),
            Search = Number("search", 1) != 0,
            SettleUrl = Text("settle-url"),
        };
    }
}
