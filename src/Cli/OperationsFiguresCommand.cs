using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Incidents;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Storage;
using Ledger.Projections.Operations;
using Spectre.Console;

namespace Ledger.Cli;

internal sealed record FiguresInput(Uri Api, string Token, long? Size, string? Key, TimeSpan? UtcOffset, long PageSize);

/// <summary>One figure of the overview, by its JSON path: what the API serves and what the leaves make it.</summary>
internal sealed record FigureComparison(string Figure, string? Served, string? Recomputed)
{
    public bool Matches => Served is not null && Recomputed is not null && (string.Equals(Served, Recomputed, StringComparison.Ordinal) || SameValue(Served, Recomputed));

    /// <summary>PostgreSQL's jsonb writes numbers its own way (1E-05 as 0.00001): the same number is the same figure.</summary>
    private static bool SameValue(string served, string recomputed) =>
        double.TryParse(served, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
        && double.TryParse(recomputed, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
        && a.Equals(b);
}

/// <summary>
/// `ledger operations figures`: the city overview the API serves at a checkpoint's size, recomputed from the log's leaves
/// alone. The leaves are checked against the signed checkpoint of that size first; then their case events are folded and
/// the overview computed with the same function, as at the checkpoint's timestamp, and compared figure by figure.
/// </summary>
internal static class OperationsFiguresCommand
{
    private const int DifferencesShown = 50;

    public static async Task<int> RunAsync(FiguresInput input, Terminal terminal)
    {
        var cancellation = CancellationToken.None;
        using var served = new ServedLog(input.Api.OriginalString, input.Token);
        var snapshot = await served.OverviewAsync(input.Size, cancellation);
        var size = snapshot.GetProperty("logSize").GetInt64();
        var asAt = snapshot.GetProperty("checkpointTimestamp").GetDateTimeOffset();
        var servedFigures = snapshot.GetProperty("figures");
        var offset = input.UtcOffset ?? TimeSpan.Parse(servedFigures.GetProperty("utcOffset").GetString()!, CultureInfo.InvariantCulture);
        var trusted = await SignedRootAsync(served, input.Key, size, asAt, terminal, cancellation);
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overview at log size {size}, as at {asAt:O}, local days at UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}{(input.UtcOffset is null ? " (as the overview states)" : "")}"));

        var histories = new CaseHistories();
        var replay = await ReplayAsync(served, trusted, histories, input.PageSize, terminal, cancellation);
        if (replay.Findings.Count > 0)
        {
            foreach (var finding in replay.Findings.Take(DifferencesShown))
            {
                terminal.Out.WriteLine($"{finding.Kind}: {finding.What}");
            }

            throw new NotVerified($"the leaves served are not those of the signed checkpoint of {size} leaves, so no figure can be recomputed from them");
        }

        var recomputed = JsonSerializer.SerializeToElement(CityOverviews.At(histories.All, asAt, offset), CaseLeaves.Json);
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{histories.Cases} cases, {histories.Events} case events in {size} leaves"));
        return Print(Compare(servedFigures, recomputed), terminal);
    }

    /// <summary>The root of the checkpoint of <paramref name="size"/> leaves, once its signature verifies with the key.</summary>
    private static async Task<TrustedRoot> SignedRootAsync(ServedLog served, string? pinnedKey, long size, DateTimeOffset asAt, Terminal terminal, CancellationToken cancellation)
    {
        var key = pinnedKey is null ? (await served.KeyAsync(cancellation)).VerifierKey : File.Exists(pinnedKey) ? (await File.ReadAllTextAsync(pinnedKey, cancellation)).Trim() : pinnedKey;
        terminal.Out.WriteLine(pinnedKey is null ? $"verifier key {key}, as the API publishes it (pin it with --key)" : $"verifier key {key}");
        var checkpoint = (await served.CheckpointsAsync(size, 1, cancellation)).FirstOrDefault(served => served.TreeSize == size)
            ?? throw new NotVerified(string.Create(CultureInfo.InvariantCulture, $"the API lists no signed checkpoint of {size} leaves, the size the overview says it was computed at"));
        var (roots, findings) = ApiAuditCommand.SignedRoots([checkpoint], key, NoteKeys.ParseVerifierKey(key).Name);
        if (findings.Count > 0)
        {
            throw new NotVerified(findings[0].What);
        }

        if (checkpoint.SignedAt is { } signedAt && signedAt != asAt)
        {
            throw new NotVerified(string.Create(CultureInfo.InvariantCulture, $"the overview says it is as at {asAt:O}, but the checkpoint of {size} leaves was signed at {signedAt:O}"));
        }

        return roots[0];
    }

    private static async Task<LogReplay> ReplayAsync(
        ServedLog served, TrustedRoot trusted, CaseHistories histories, long pageSize, Terminal terminal, CancellationToken cancellation)
    {
        var replay = new LogReplay([trusted]);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal.Out) });
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var progress = context.AddTask("leaves").MaxValue(Math.Max(1, trusted.TreeSize));
                while (replay.Size < trusted.TreeSize)
                {
                    var page = await served.LeavesAsync(replay.Size, Math.Min(pageSize, trusted.TreeSize - replay.Size), cancellation);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    foreach (var leaf in page)
                    {
                        replay.Add(leaf);
                        CaseLeaves.AddTo(histories, Convert.FromBase64String(leaf.CanonicalBytes!));
                    }

                    progress.Value = replay.Size;
                }

                replay.Finish();
                progress.Value = progress.MaxValue;
            });
        return replay;
    }

    /// <summary>Every figure of either, by its JSON path, in the recomputed overview's order.</summary>
    public static IReadOnlyList<FigureComparison> Compare(JsonElement served, JsonElement recomputed)
    {
        var servedValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var recomputedValues = new List<(string Path, string Value)>();
        Flatten(served, "", (path, value) => servedValues[path] = value);
        Flatten(recomputed, "", (path, value) => recomputedValues.Add((path, value)));
        var recomputedPaths = recomputedValues.Select(value => value.Path).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. recomputedValues.Select(value => new FigureComparison(value.Path, servedValues.GetValueOrDefault(value.Path), value.Value)),
            .. servedValues.Where(value => !recomputedPaths.Contains(value.Key)).Select(value => new FigureComparison(value.Key, value.Value, null)),
        ];
    }

    private static void Flatten(JsonElement element, string path, Action<string, string> figure)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, figure);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), figure);
                }

                break;
            case JsonValueKind.String:
                figure(path, element.GetString()!);
                break;
            default:
                figure(path, element.GetRawText());
                break;
        }
    }

    /// <summary>The headline figures side by side, then every figure that differs; exit 0 when all match.</summary>
    private static int Print(IReadOnlyList<FigureComparison> figures, Terminal terminal)
    {
        var differing = figures.Where(figure => !figure.Matches).ToList();
        var table = new Table().AddColumns("figure", "served by the API", "recomputed from the leaves", "");
        foreach (var figure in figures.Where(Headline).Concat(differing.Where(figure => !Headline(figure)).Take(DifferencesShown)))
        {
            table.AddRow(Markup.Escape(figure.Figure), Markup.Escape(figure.Served ?? "(missing)"), Markup.Escape(figure.Recomputed ?? "(missing)"),
                figure.Matches ? "match" : "[red]differs[/]");
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal.Out) });
        console.Profile.Width = Math.Max(console.Profile.Width, 140);
        console.Write(table);
        if (differing.Count == 0)
        {
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"match: all {figures.Count} figures served are those the leaves make"));
            return 0;
        }

        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"differs: {differing.Count} of {figures.Count} figures served are not those the leaves make, the first {differing[0].Figure}"));
        return 1;
    }

    private static bool Headline(FigureComparison figure) =>
        figure.Figure is "asAt" or "cases" or "openCases" or "overdueCases"
        || (figure.Figure.StartsWith("periods[", StringComparison.Ordinal) && !figure.Figure.EndsWith("from", StringComparison.Ordinal) && !figure.Figure.EndsWith(".to", StringComparison.Ordinal));
}
