using System.Text.Json;
using Ledger.Integrity.Audit;
using Ledger.Integrity.Storage;
using Ledger.Projections;
using Marten;
using Spectre.Console;

namespace Ledger.Cli;

/// <summary>
/// What `ledger audit` was given: the database's connection and the verifier key, or the API's address and a token; and,
/// for either, the chain's node and contract.
/// </summary>
internal sealed record AuditInput(
    string? Connection, Uri? Api, string? Token, string? Key, string? Origin, Uri? Rpc, string? Contract, string? Json, long PageSize);

/// <summary>
/// `ledger audit`: the full integrity audit run from an auditor's machine, straight against the database (read only),
/// trusting the ledger's published verifier key and, when given, the chain; with a progress bar.
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RunAsync(AuditInput input, Terminal terminal)
    {
        if (input.Api is not null)
        {
            return await ApiAuditCommand.RunAsync(input, terminal);
        }

        var connection = input.Connection!;
        var verifierKey = input.Key!;
        var origin = input.Origin ?? verifierKey.Split('+')[0];
        using var store = DocumentStore.For(marten => LedgerStoreOptions.Configure(marten, connection));
        await using var log = new LedgerLog(connection);
        var chain = await ChainCommands.AnchorChainAsync(input.Rpc, input.Contract);
        var audit = new IntegrityAudit(log, store, new AuditTrust(origin, verifierKey), chain);

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal.Out) });
        AuditReport report = null!;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                report = await audit.RunAsync((phase, done, total) =>
                {
                    if (!tasks.TryGetValue(phase, out var task))
                    {
                        task = tasks[phase] = context.AddTask(phase);
                    }

                    task.MaxValue = Math.Max(1, total);
                    task.Value = Math.Min(done, task.MaxValue);
                }, CancellationToken.None);
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            });

        if (input.Json is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        }

        return Print(report, terminal);
    }

    private static int Print(AuditReport report, Terminal terminal)
    {
        terminal.Out.WriteLine($"leaves checked {report.LeavesChecked}, recomputed root {report.RecomputedRoot}");
        foreach (var matched in report.RootsMatched)
        {
            terminal.Out.WriteLine($"matches {matched}");
        }

        if (report.Passed)
        {
            terminal.Out.WriteLine("verified: the log, its checkpoints, its anchors and every read model agree with the stored events");
            return 0;
        }

        foreach (var finding in report.LogFindings)
        {
            terminal.Out.WriteLine($"{finding.Kind}: {finding.What}" + (finding.ProvenBy is null ? "" : $" (proven by {finding.ProvenBy})"));
        }

        foreach (var finding in report.ReadModelFindings)
        {
            terminal.Out.WriteLine($"read-model {finding.ReadModel} {finding.Id}: {finding.What}");
        }

        var first = report.FirstDivergence;
        terminal.Out.WriteLine("not verified: " + (first is null
            ? $"{report.ReadModelFindings.Count} read-model row(s) differ from their events"
            : $"first divergence at leaf {first.LeafIndex}, event position {first.Position}, stream {first.Stream}, version {first.Version}: {first.Kind}"));
        return 1;
    }
}
