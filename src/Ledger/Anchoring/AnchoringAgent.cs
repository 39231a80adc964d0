using System.Diagnostics;
using Ledger.Domain.Log;
using Decisions = Ledger.Domain.Log.Anchoring;
using Ledger.Integrity.Anchoring;
using Ledger.Projections.Log;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Integrity.Anchoring;

/// <summary>
/// Carries out <see cref="Decisions"/>'s decisions on the chain: asks the chain (or the log) what the decider asks,
/// sends what it says to send, and appends the events it decides to the checkpoint's stream.
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
    public byte[] LogId { get; } = Integrity.Anchoring.LogId.Of(key.Signer.Name);

    private AnchoringTerms Terms => new(chain.ChainId, chain.Contract, options.Value.Confirmations);

    public async Task<AnchoringStep> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var steps = new List<AnchoringStep>();
        foreach (var checkpoint in Decisions.Due(await StateAsync(session, cancellationToken)))
        {
            var decision = checkpoint.InFlight is null
                ? await AnchorAsync(checkpoint, cancellationToken)
                : await FollowAsync(checkpoint, cancellationToken);
            steps.Add(Carry(session, checkpoint, decision));
        }

        await session.SaveChangesAsync(cancellationToken);
        return Decisions.Summarise(steps);
    }

    private static async Task<AnchoringState> StateAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var inFlight = await session.Query<CheckpointRecord>()
            .Where(record => record.Anchor != null && record.Anchor.Status == AnchorStatus.Submitted)
            .OrderByDescending(record => record.TreeSize)
            .ToListAsync(cancellationToken);
        if (inFlight.Count > 0)
        {
            // The decider follows what is in flight before it anchors anything new: the newest checkpoint can wait a round.
            return new AnchoringState([.. inFlight.Select(ToAnchor)], null, 0);
        }

        var newest = await session.NewestCheckpointAsync(cancellationToken);
        var confirmed = await session.LatestAnchoredAsync(cancellationToken);
        return new AnchoringState([], newest is null ? null : ToAnchor(newest), confirmed?.TreeSize ?? 0);
    }

    private static CheckpointToAnchor ToAnchor(CheckpointRecord record) =>
        new(record.Id, record.TreeSize, record.RootHash,
            record.Anchor is { Status: AnchorStatus.Submitted } anchor ? new AnchorInFlight(anchor.TransactionHash, anchor.PreviousTreeSize) : null);

    private async Task<AnchoringDecision> FollowAsync(CheckpointToAnchor checkpoint, CancellationToken cancellationToken)
    {
        var seen = new TransactionOnChain(await chain.ReceiptAsync(checkpoint.InFlight!.TransactionHash, cancellationToken));
        var decision = Decisions.Follow(checkpoint, seen, Terms, clock.GetUtcNow());
        while (decision is AnchoringDecision.Ask ask)
        {
            seen = ask.Question switch
            {
                ChainQuestion.IsKnown transaction => seen with { Known = await chain.IsKnownAsync(transaction.TransactionHash, cancellationToken) },
                ChainQuestion.WhichTransactionAnchored size => seen with { AnchoredBy = await AnchoredByAsync(size.TreeSize, cancellationToken) },
                ChainQuestion.CanonicalBlockAt block => seen with
                {
                    CanonicalBlock = new CanonicalBlock(block.BlockNumber, await chain.BlockHashAsync(block.BlockNumber, cancellationToken)),
                },
                _ => throw Unanswered(ask),
            };
            decision = Decisions.Follow(checkpoint, seen, Terms, clock.GetUtcNow());
        }

        return decision;
    }

    private async Task<AnchoringDecision> AnchorAsync(CheckpointToAnchor checkpoint, CancellationToken cancellationToken)
    {
        var latest = await chain.LatestAsync(LogId, cancellationToken);
        var seen = new AnchorsOnChain(latest is null ? null : new LatestAnchor(latest.TreeSize, Convert.ToHexStringLower(latest.Root)));
        var decision = Decisions.Anchor(checkpoint, seen, Terms, clock.GetUtcNow());
        while (decision is AnchoringDecision.Ask or AnchoringDecision.Send)
        {
            seen = decision switch
            {
                AnchoringDecision.Send send => await SendAsync(seen, send, cancellationToken),
                AnchoringDecision.Ask { Question: ChainQuestion.AnchoredRootAt size } => seen with
                {
                    AtCheckpointSize = new AnchoredRoot(size.TreeSize, Hex(await chain.RootAtAsync(LogId, size.TreeSize, cancellationToken))),
                },
                AnchoringDecision.Ask { Question: ChainQuestion.WhichTransactionAnchored size } => seen with
                {
                    AnchoredBy = await AnchoredByAsync(size.TreeSize, cancellationToken),
                },
                AnchoringDecision.Ask { Question: ChainQuestion.LogRootAt size } => seen with
                {
                    OurRootAtLatest = new LogRoot(size.TreeSize, Convert.ToHexStringLower(await log.Store.Tree.RootAsync(size.TreeSize, cancellationToken))),
                },
                _ => throw Unanswered(decision),
            };
            decision = Decisions.Anchor(checkpoint, seen, Terms, clock.GetUtcNow());
        }

        return decision;
    }

    private async Task<AnchorsOnChain> SendAsync(AnchorsOnChain seen, AnchoringDecision.Send send, CancellationToken cancellationToken)
    {
        var proof = send.PreviousTreeSize > 0 ? await log.Store.Tree.ConsistencyProofAsync(send.PreviousTreeSize, send.TreeSize, cancellationToken) : [];
        try
        {
            var sent = await chain.SubmitAsync(LogId, send.TreeSize, Convert.FromHexString(send.RootHash), proof, cancellationToken);
            return seen with { Sent = new SentTransaction(sent.Hash, sent.From, sent.Nonce) };
        }
        catch (AnchorRefusedException refused)
        {
            LogRefused(logger, send.TreeSize, refused.Message);
            return seen with { RefusedBecause = refused.Message };
        }
    }

    private async Task<AnchoredBy> AnchoredByAsync(long treeSize, CancellationToken cancellationToken) =>
        new(treeSize, await chain.FindAnchoringTransactionAsync(LogId, treeSize, cancellationToken));

    private AnchoringStep Carry(IDocumentSession session, CheckpointToAnchor checkpoint, AnchoringDecision decision)
    {
        switch (decision)
        {
            case AnchoringDecision.Done done:
                if (done.Events.Count > 0)
                {
                    session.Events.Append(checkpoint.Id, done.Events);
                }

                foreach (var @event in done.Events)
                {
                    LogRecorded(@event);
                }

                return done.Step;
            case AnchoringDecision.Diverge diverged:
                LogDiverged(logger, diverged.TreeSize, diverged.AnchoredRootHash, diverged.LogRootHash);
                return AnchoringStep.Diverged;
            default:
                throw Unanswered(decision);
        }
    }

    private void LogRecorded(object @event)
    {
        switch (@event)
        {
            case AnchorSubmitted submitted:
                LogSubmitted(logger, submitted.TreeSize, submitted.TransactionHash, submitted.PreviousTreeSize);
                break;
            case AnchorConfirmed confirmed:
                LogConfirmed(logger, confirmed.TreeSize, confirmed.TransactionHash, confirmed.BlockNumber, confirmed.GasUsed);
                break;
            case AnchorAbandoned { TransactionHash: { } transaction } abandoned:
                LogAbandoned(logger, abandoned.TreeSize, transaction, abandoned.Reason);
                break;

            // An anchor abandoned with no transaction was refused before anything was sent, and logged where it was refused.
        }
    }

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexStringLower(bytes);

    private static UnreachableException Unanswered(AnchoringDecision decision) => new($"The anchoring agent has no answer to {decision}.");

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
