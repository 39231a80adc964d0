using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Log;
using Ledger.Integrity.Anchoring;
using Ledger.Projections.Log;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Log;

/// <summary>What one anchoring round did, for logs and tests.</summary>
public enum AnchoringStep
{
    Idle,
    Submitted,
    Waiting,
    Confirmed,
    Abandoned,
    Diverged,
}

/// <summary>
/// Anchors the newest signed checkpoint on the chain and follows its transaction until it counts. At most one anchor is
/// in flight: a pending transaction is followed (mined, confirmed, reverted, dropped, replaced or reorganised away)
/// before anything new is sent, and a new anchor always takes the newest checkpoint, so after an outage one transaction
/// covers every leaf signed meanwhile. The chain's own latest anchor, not our records, decides the consistency proof.
/// </summary>
public sealed partial class AnchoringAgent(
    IAnchorChain chain,
    LedgerLog log,
    CheckpointKey key,
    IDocumentStore store,
    IOptions<AnchoringOptions> options,
    TimeProvider clock,
    ILogger<AnchoringAgent> logger)
{
    public byte[] LogId { get; } = LogIdOf(key.Signer.Name);

    /// <summary>The contract's name for a log: SHA-256 of its origin line.</summary>
    public static byte[] LogIdOf(string origin) => SHA256.HashData(Encoding.UTF8.GetBytes(origin));

    public async Task<AnchoringStep> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<CheckpointRecord>()
            .Where(record => record.Anchor != null && record.Anchor.Status == AnchorStatus.Submitted)
            .OrderByDescending(record => record.TreeSize)
            .ToListAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var steps = new List<AnchoringStep>();
            foreach (var record in pending)
            {
                steps.Add(await FollowAsync(session, record, cancellationToken));
            }

            await session.SaveChangesAsync(cancellationToken);
            return steps.Contains(AnchoringStep.Waiting) ? AnchoringStep.Waiting : steps[0];
        }

        var newest = await session.Query<CheckpointRecord>().OrderByDescending(record => record.TreeSize).FirstOrDefaultAsync(cancellationToken);
        var confirmed = await session.Query<CheckpointRecord>()
            .Where(record => record.Anchor != null && record.Anchor.Status == AnchorStatus.Confirmed)
            .OrderByDescending(record => record.TreeSize)
            .FirstOrDefaultAsync(cancellationToken);
        if (newest is null || (confirmed is not null && confirmed.TreeSize >= newest.TreeSize))
        {
            return AnchoringStep.Idle;
        }

        var step = await SubmitAsync(session, newest, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return step;
    }

    private async Task<AnchoringStep> SubmitAsync(IDocumentSession session, CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        var root = Convert.FromHexString(checkpoint.RootHash);
        var onChain = await chain.LatestAsync(LogId, cancellationToken);
        if (onChain is not null && onChain.TreeSize >= checkpoint.TreeSize)
        {
            // Anchored already, by a transaction whose record we lack (a crash after sending, or another node).
            var anchoredRoot = await chain.RootAtAsync(LogId, checkpoint.TreeSize, cancellationToken);
            var transaction = anchoredRoot is not null && anchoredRoot.AsSpan().SequenceEqual(root)
                ? await chain.FindAnchoringTransactionAsync(LogId, checkpoint.TreeSize, cancellationToken)
                : null;
            if (transaction is null)
            {
                return AnchoringStep.Idle;
            }

            session.Events.Append(checkpoint.Id, Submitted(checkpoint, new AnchorTransaction(transaction, "", -1), onChain.TreeSize));
            return AnchoringStep.Submitted;
        }

        var previousSize = onChain?.TreeSize ?? 0;
        if (previousSize > 0)
        {
            var ourRoot = await log.Store.Tree.RootAsync(previousSize, cancellationToken);
            if (!ourRoot.AsSpan().SequenceEqual(onChain!.Root))
            {
                LogDiverged(logger, previousSize, Convert.ToHexStringLower(onChain.Root), Convert.ToHexStringLower(ourRoot));
                return AnchoringStep.Diverged;
            }
        }

        var proof = previousSize > 0 ? await log.Store.Tree.ConsistencyProofAsync(previousSize, checkpoint.TreeSize, cancellationToken) : [];
        try
        {
            var sent = await chain.SubmitAsync(LogId, checkpoint.TreeSize, root, proof, cancellationToken);
            session.Events.Append(checkpoint.Id, Submitted(checkpoint, sent, previousSize));
            LogSubmitted(logger, checkpoint.TreeSize, sent.Hash, previousSize);
            return AnchoringStep.Submitted;
        }
        catch (AnchorRefusedException refused)
        {
            session.Events.Append(checkpoint.Id, new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, null, "refused: " + refused.Message, clock.GetUtcNow()));
            LogRefused(logger, checkpoint.TreeSize, refused.Message);
            return AnchoringStep.Abandoned;
        }
    }

    private async Task<AnchoringStep> FollowAsync(IDocumentSession session, CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        var anchor = checkpoint.Anchor!;
        var receipt = await chain.ReceiptAsync(anchor.TransactionHash, cancellationToken);
        if (receipt is null)
        {
            if (await chain.IsKnownAsync(anchor.TransactionHash, cancellationToken))
            {
                return AnchoringStep.Waiting;
            }

            var other = await chain.FindAnchoringTransactionAsync(LogId, checkpoint.TreeSize, cancellationToken);
            if (other is not null && !string.Equals(other, anchor.TransactionHash, StringComparison.OrdinalIgnoreCase))
            {
                session.Events.Append(checkpoint.Id,
                    new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, anchor.TransactionHash, $"replaced: {other} anchored this checkpoint", clock.GetUtcNow()),
                    Submitted(checkpoint, new AnchorTransaction(other, "", -1), anchor.PreviousTreeSize));
                return AnchoringStep.Waiting;
            }

            return Abandon(session, checkpoint, "dropped: the chain no longer knows the transaction (dropped, replaced or reorganised away)");
        }

        if (!receipt.Succeeded)
        {
            return Abandon(session, checkpoint, "reverted: " + (receipt.Failure ?? "the contract refused the anchor"));
        }

        var confirmations = (int)(receipt.HeadBlockNumber - receipt.BlockNumber + 1);
        if (confirmations < options.Value.Confirmations)
        {
            return AnchoringStep.Waiting;
        }

        var canonical = await chain.BlockHashAsync(receipt.BlockNumber, cancellationToken);
        if (!string.Equals(canonical, receipt.BlockHash, StringComparison.OrdinalIgnoreCase))
        {
            return AnchoringStep.Waiting;
        }

        session.Events.Append(checkpoint.Id, new AnchorConfirmed(checkpoint.Id, checkpoint.TreeSize, checkpoint.RootHash, chain.ChainId, chain.Contract,
            receipt.TransactionHash, receipt.BlockNumber, receipt.BlockHash, receipt.BlockTime, receipt.LogIndex ?? 0, receipt.GasUsed, confirmations, clock.GetUtcNow()));
        LogConfirmed(logger, checkpoint.TreeSize, receipt.TransactionHash, receipt.BlockNumber, receipt.GasUsed);
        return AnchoringStep.Confirmed;
    }

    private AnchoringStep Abandon(IDocumentSession session, CheckpointRecord checkpoint, string reason)
    {
        session.Events.Append(checkpoint.Id, new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, checkpoint.Anchor!.TransactionHash, reason, clock.GetUtcNow()));
        LogAbandoned(logger, checkpoint.TreeSize, checkpoint.Anchor.TransactionHash, reason);
        return AnchoringStep.Abandoned;
    }

    private AnchorSubmitted Submitted(CheckpointRecord checkpoint, AnchorTransaction transaction, long previousSize) =>
        new(checkpoint.Id, checkpoint.TreeSize, checkpoint.RootHash, chain.ChainId, chain.Contract, transaction.From, transaction.Hash, transaction.Nonce,
            previousSize, clock.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchoring the checkpoint at {TreeSize} leaves in {TransactionHash} (consistent with the anchor at {PreviousSize})")]
    private static partial void LogSubmitted(ILogger logger, long treeSize, string transactionHash, long previousSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchor of {TreeSize} leaves confirmed: {TransactionHash} in block {BlockNumber}, {GasUsed} gas")]
    private static partial void LogConfirmed(ILogger logger, long treeSize, string transactionHash, long blockNumber, long gasUsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchor of {TreeSize} leaves in {TransactionHash} abandoned: {Reason}")]
    private static partial void LogAbandoned(ILogger logger, long treeSize, string transactionHash, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The chain refused to anchor {TreeSize} leaves: {Reason}")]
    private static partial void LogRefused(ILogger logger, long treeSize, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The log no longer matches its anchored history: at {TreeSize} leaves the chain holds {AnchoredRoot}, the log computes {LogRoot}. Anchoring stops; run an audit.")]
    private static partial void LogDiverged(ILogger logger, long treeSize, string anchoredRoot, string logRoot);
}
