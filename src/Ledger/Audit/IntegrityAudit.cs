using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Storage;
using Ledger.Projections.Audit;
using Ledger.Projections.Log;
using Marten;

namespace Ledger.Integrity.Audit;

/// <summary>The outcome of a full integrity audit: what was checked, what matched, and every divergence found.</summary>
public sealed record AuditReport(
    bool Passed,
    long LeavesChecked,
    string RecomputedRoot,
    IReadOnlyList<string> RootsMatched,
    IReadOnlyList<AuditFinding> LogFindings,
    IReadOnlyList<ReadModelFinding> ReadModelFindings)
{
    /// <summary>The earliest divergence in the log, by leaf: where history was first altered.</summary>
    public AuditFinding? FirstDivergence => LogFindings.FirstOrDefault();
}

/// <summary>
/// The full audit: recompute every leaf from the stored events and the whole tree, compare with the stored log, with
/// every signed checkpoint (whose signatures are checked with the ledger's key) and with every root anchored on the chain
/// (read from the chain itself, when one is configured), then check every read model against its events.
/// </summary>
/// <param name="Origin">The log's origin (its checkpoint key name); its SHA-256 is the log's id on chain.</param>
/// <param name="VerifierKey">The ledger's checkpoint verifier key, which every signed checkpoint must verify with.</param>
public sealed record AuditTrust(string Origin, string VerifierKey);

public sealed class IntegrityAudit(LedgerLog log, IDocumentStore store, AuditTrust trust, IAnchorChain? chain = null)
{
    public async Task<AuditReport> RunAsync(Action<string, long, long>? progress, CancellationToken cancellationToken)
    {
        var findings = new List<AuditFinding>();
        var trusted = new List<TrustedRoot>();
        progress?.Invoke("checkpoints", 0, 0);
        await using (var session = store.QuerySession())
        {
            var checkpoints = await session.Query<CheckpointRecord>().OrderBy(record => record.TreeSize).ToListAsync(cancellationToken);
            foreach (var checkpoint in checkpoints)
            {
                var verification = CheckpointVerifier.Verify(checkpoint.SignedNote, trust.VerifierKey);
                if (verification.Checkpoint is { } signed)
                {
                    trusted.Add(new TrustedRoot(signed.Size, signed.Root, $"the checkpoint of {signed.Size} leaves signed {checkpoint.SignedAt:u}"));
                }
                else
                {
                    findings.Add(new AuditFinding("checkpoint-forged", null, null, checkpoint.Id, null,
                        $"The recorded checkpoint of {checkpoint.TreeSize} leaves does not verify with the ledger's key: {verification.Failure}"));
                }
            }

            if (chain is not null)
            {
                await AddChainRootsAsync(checkpoints, trusted, findings, cancellationToken);
            }
        }

        // The log and the read models are checked side by side (one waits on the database while the other hashes); their
        // progress reports come from several threads, and reach the caller one at a time.
        var gate = new Lock();
        Action<string, long, long>? oneAtATime = progress is null ? null : (phase, done, total) =>
        {
            lock (gate)
            {
                progress(phase, done, total);
            }
        };
        var logAudit = log.Audit.RunAsync(trusted, new Progress(oneAtATime), cancellationToken);
        var readModelAudit = ReadModelAudit.RunAsync(store, oneAtATime, cancellationToken);
        await Task.WhenAll(logAudit, readModelAudit);
        var logResult = await logAudit;
        var readModels = await readModelAudit;
        findings.AddRange(logResult.Findings);
        var logFindings = findings.OrderBy(finding => finding.LeafIndex ?? long.MaxValue).ToList();
        return new AuditReport(logFindings.Count == 0 && readModels.Count == 0, logResult.LeavesChecked, Convert.ToHexStringLower(logResult.RecomputedRoot),
            [.. logResult.RootsMatched.Select(root => root.Source)], logFindings, readModels);
    }

    private async Task AddChainRootsAsync(IReadOnlyList<CheckpointRecord> checkpoints, List<TrustedRoot> trusted, List<AuditFinding> findings, CancellationToken cancellationToken)
    {
        var (roots, missing) = await ChainRoots.ReadAsync(chain!, LogId.Of(trust.Origin),
            [.. checkpoints.Where(record => record.Anchor?.Status == AnchorStatus.Confirmed)],
            anchored => (anchored.TreeSize, $"the anchor of {anchored.TreeSize} leaves on chain {chain!.ChainId} (contract {chain.Contract}, transaction {anchored.Anchor!.TransactionHash}, block {anchored.Anchor.BlockNumber})"),
            progress: null, cancellationToken);
        trusted.AddRange(roots);
        findings.AddRange(missing.Select(gap => new AuditFinding("anchor-missing", null, null, gap.Claim.Id, null, $"The chain holds no root for {gap.Source}.")));
    }

    private sealed class Progress(Action<string, long, long>? report) : IProgress<AuditProgress>
    {
        public void Report(AuditProgress value) => report?.Invoke(value.Phase, value.Done, value.Total);
    }
}
