using System.Globalization;
using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Audit;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ledger.Cli;

/// <summary>What the audit of the served log established, and what it found wrong.</summary>
internal sealed record ApiAuditReport(
    long LeavesChecked,
    string RecomputedRoot,
    int CheckpointsSigned,
    int AnchorsOnChain,
    IReadOnlyList<TrustedRoot> RootsMatched,
    IReadOnlyList<ReplayFinding> Findings)
{
    public bool Passed => Findings.Count == 0;

    /// <summary>The earliest leaf to blame, else the first finding: where history was first altered.</summary>
    public ReplayFinding? FirstDivergence =>
        Findings.Where(finding => finding.LeafIndex is not null).MinBy(finding => finding.LeafIndex) ?? Findings.FirstOrDefault();
}

/// <summary>
/// `ledger audit --api`: the auditor replays all of history from what the proof API serves, without the database. Only the
/// leaves' canonical bytes, the checkpoints' signatures (under the pinned or published key) and the chain are trusted.
/// </summary>
internal static class ApiAuditCommand
{
    private const int MaxFindingsShown = 50;

    public static async Task<int> RunAsync(AuditInput input, Terminal terminal)
    {
        using var served = new ServedLog(input.Api!.OriginalString, input.Token!);
        var chain = await ChainCommands.AnchorChainAsync(input.Rpc, input.Contract);
        var cancellation = CancellationToken.None;

        var pinned = PinnedKey(input.Key);
        var verifierKey = pinned ?? (await served.KeyAsync(cancellation)).VerifierKey;
        var origin = NoteKeys.ParseVerifierKey(verifierKey).Name;
        terminal.Out.WriteLine(pinned is null
            ? $"verifier key {verifierKey}, as the API publishes it (pin it with --key)"
            : $"verifier key {verifierKey}");

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal.Out) });
        ApiAuditReport report = null!;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var checkpointsTask = context.AddTask("checkpoints").IsIndeterminate();
                var checkpoints = await served.AllCheckpointsAsync(count => checkpointsTask.Value = count, cancellation);
                checkpointsTask.IsIndeterminate(false).MaxValue(Math.Max(1, checkpoints.Count)).Value(checkpoints.Count);
                var (trusted, findings) = SignedRoots(checkpoints, verifierKey, origin);
                var signed = trusted.Count;

                var anchored = 0;
                if (chain is not null)
                {
                    var chainTask = context.AddTask("anchors on chain");
                    var anchors = await AnchoredRootsAsync(checkpoints, chain, LogId.Of(origin), (done, total) => chainTask.MaxValue(Math.Max(1, total)).Value(done), cancellation);
                    trusted.AddRange(anchors.Roots);
                    findings.AddRange(anchors.Findings);
                    anchored = anchors.Roots.Count;
                }

                var head = await served.HeadAsync(cancellation);
                var replay = await ReplayAsync(served, trusted, head, input.PageSize, context.AddTask("leaves"), cancellation);
                if (replay.Size < head.TreeSize)
                {
                    findings.Add(new ReplayFinding("leaves-missing", null, null, $"the API's head says {head.TreeSize} leaves, but it served only {replay.Size}"));
                }

                report = new ApiAuditReport(replay.Size, Hex.Of(replay.Root()), signed, anchored, replay.Matched, [.. findings, .. replay.Findings]);
            });

        return Print(report, served.Address, chain, terminal);
    }

    /// <summary>
    /// Every leaf up to the head's size or the largest trusted root's, whichever is larger, page by page: the log as it stood
    /// when the audit began (later leaves wait for the next audit).
    /// </summary>
    private static async Task<LogReplay> ReplayAsync(
        ServedLog served, IReadOnlyList<TrustedRoot> trusted, ServedHead head, long pageSize, ProgressTask progress, CancellationToken cancellationToken)
    {
        var target = Math.Max(head.TreeSize, trusted.Select(root => root.TreeSize).DefaultIfEmpty(0).Max());
        progress.MaxValue(Math.Max(1, target));
        var replay = new LogReplay(trusted);
        while (replay.Size < target)
        {
            var page = await served.LeavesAsync(replay.Size, Math.Min(pageSize, target - replay.Size), cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            page.ForEach(replay.Add);
            progress.Value = replay.Size;
        }

        replay.Finish();
        progress.Value = progress.MaxValue;
        return replay;
    }

    /// <summary>The root of every checkpoint whose signature verifies with the key and whose origin is the key's; a finding for every other.</summary>
    public static (List<TrustedRoot> Roots, List<ReplayFinding> Findings) SignedRoots(IReadOnlyList<ServedCheckpoint> checkpoints, string verifierKey, string origin)
    {
        var roots = new List<TrustedRoot>();
        var findings = new List<ReplayFinding>();
        foreach (var served in checkpoints)
        {
            var verification = CheckpointVerifier.Verify(served.SignedNote ?? "", verifierKey);
            if (verification.Checkpoint is not { } checkpoint)
            {
                findings.Add(new ReplayFinding("checkpoint-forged", null, null, $"the checkpoint served for {served.TreeSize} leaves does not verify with the key: {verification.Failure}"));
            }
            else if (!string.Equals(checkpoint.Origin, origin, StringComparison.Ordinal))
            {
                findings.Add(new ReplayFinding("checkpoint-foreign", null, null, $"the checkpoint served for {served.TreeSize} leaves is of the log {checkpoint.Origin}, not {origin}"));
            }
            else
            {
                roots.Add(new TrustedRoot(checkpoint.Size, checkpoint.Root, $"the checkpoint of {checkpoint.Size} leaves"));
            }
        }

        return (roots, findings);
    }

    /// <summary>The root the contract holds at each size the API says is anchored (anchor-missing when it holds none), and the log's latest anchored head on chain.</summary>
    private static async Task<(List<TrustedRoot> Roots, List<ReplayFinding> Findings)> AnchoredRootsAsync(
        IReadOnlyList<ServedCheckpoint> checkpoints, IAnchorChain chain, byte[] logId, Action<long, long> progress, CancellationToken cancellationToken)
    {
        var (roots, missing) = await ChainRoots.ReadAsync(chain, logId, [.. checkpoints.Where(checkpoint => checkpoint.Anchor is not null)],
            checkpoint => (checkpoint.TreeSize, $"the anchor of {checkpoint.TreeSize} leaves on chain {chain.ChainId} (contract {chain.Contract}, transaction {checkpoint.Anchor!.TransactionHash})"),
            progress, cancellationToken);
        return (roots, [.. missing.Select(gap => new ReplayFinding("anchor-missing", null, null,
            $"the API says the checkpoint of {gap.Claim.TreeSize} leaves is anchored, but the chain holds no root for {gap.Source}"))]);
    }

    private static int Print(ApiAuditReport report, Uri api, IAnchorChain? chain, Terminal terminal)
    {
        terminal.Out.WriteLine($"leaves checked {report.LeavesChecked} (served by {api}), recomputed root {report.RecomputedRoot}");
        terminal.Out.WriteLine($"checkpoints signed by the key {report.CheckpointsSigned}" + (chain is null ? "" : $", anchored roots read from chain {chain.ChainId} {report.AnchorsOnChain}"));
        if (report.RootsMatched.Count > 0)
        {
            terminal.Out.WriteLine($"matches {report.RootsMatched.Count} trusted roots, the newest {report.RootsMatched[^1].Source}");
        }

        if (report.Passed)
        {
            terminal.Out.WriteLine(report.CheckpointsSigned == 0
                ? "verified: every leaf hashes to its served leaf hash; no signed checkpoint yet, so no root was checked"
                : "verified: every leaf hashes to its served leaf hash, and the leaves make the root of every signed checkpoint"
                    + (chain is null ? "" : " and every anchor on chain") + ", each tree a prefix of the next");
            return 0;
        }

        foreach (var finding in report.Findings.Take(MaxFindingsShown))
        {
            terminal.Out.WriteLine($"{finding.Kind}: {finding.What}");
        }

        if (report.Findings.Count > MaxFindingsShown)
        {
            terminal.Out.WriteLine($"… and {report.Findings.Count - MaxFindingsShown} more");
        }

        var first = report.FirstDivergence!;
        terminal.Out.WriteLine("not verified: " + (first.LeafIndex is { } index
            ? $"first altered leaf {index} (event position {first.Position}): {first.Kind}"
            : first.What));
        return 1;
    }

    /// <summary>The verifier key given with --key, as text or in a file; null when the auditor pinned none.</summary>
    private static string? PinnedKey(string? key) =>
        key is null ? null
        : File.Exists(key) ? File.ReadAllText(key).Trim()
        : key;
}
