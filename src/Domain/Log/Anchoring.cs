using static Ledger.Domain.Log.AnchoringDecision;

namespace Ledger.Domain.Log;

/// <summary>A signed checkpoint as anchoring sees it, with the transaction in flight for it if there is one.</summary>
public sealed record CheckpointToAnchor(Guid Id, long TreeSize, string RootHash, AnchorInFlight? InFlight = null)
{
    public static CheckpointToAnchor? Evolve(CheckpointToAnchor? state, object @event) => (state, @event) switch
    {
        (null, CheckpointSigned signed) => new CheckpointToAnchor(signed.CheckpointId, signed.TreeSize, signed.RootHash),
        (not null, AnchorSubmitted submitted) => state with { InFlight = new AnchorInFlight(submitted.TransactionHash, submitted.PreviousTreeSize) },
        (not null, AnchorConfirmed or AnchorAbandoned) => state with { InFlight = null },
        _ => state,
    };
}

public sealed record AnchorInFlight(string TransactionHash, long PreviousTreeSize);

/// <summary>What the ledger's records say: the checkpoints with a transaction in flight, the newest checkpoint, and the largest size a confirmed anchor covers.</summary>
public sealed record AnchoringState(IReadOnlyList<CheckpointToAnchor> InFlight, CheckpointToAnchor? Newest, long ConfirmedThrough);

/// <summary>
/// Anchors the newest signed checkpoint on the chain and follows its transaction until it counts. At most one anchor is
/// in flight: a pending transaction is followed (mined, confirmed, reverted, dropped, replaced or reorganised away)
/// before anything new is sent, and a new anchor always takes the newest checkpoint, so after an outage one transaction
/// covers every leaf signed meanwhile. The chain's own latest anchor, not our records, decides the consistency proof.
/// </summary>
public static class Anchoring
{
    private const string Dropped = "dropped: the chain no longer knows the transaction (dropped, replaced or reorganised away)";

    /// <summary>The checkpoints one round works on: every one with a transaction in flight, else the newest unless a confirmed anchor covers it.</summary>
    public static IReadOnlyList<CheckpointToAnchor> Due(AnchoringState state) => state switch
    {
        { InFlight.Count: > 0 } => state.InFlight,
        { Newest: { } newest } when newest.TreeSize > state.ConfirmedThrough => [newest],
        _ => [],
    };

    /// <summary>A round over several checkpoints waits if any of them waits.</summary>
    public static AnchoringStep Summarise(IReadOnlyList<AnchoringStep> steps) => steps switch
    {
        [] => AnchoringStep.Idle,
        _ when steps.Contains(AnchoringStep.Waiting) => AnchoringStep.Waiting,
        _ => steps[0],
    };

    /// <summary>Follows the transaction in flight for <paramref name="checkpoint"/> until it counts or will not.</summary>
    public static AnchoringDecision Follow(CheckpointToAnchor checkpoint, TransactionOnChain chain, AnchoringTerms terms, DateTimeOffset now)
    {
        var inFlight = checkpoint.InFlight ?? throw new ArgumentException("The checkpoint has no anchoring transaction in flight.", nameof(checkpoint));
        return chain switch
        {
            { Receipt: null, Known: null } => new Ask(new ChainQuestion.IsKnown(inFlight.TransactionHash)),
            { Receipt: null, Known: true } => Wait,
            { Receipt: null, AnchoredBy: null } => new Ask(new ChainQuestion.WhichTransactionAnchored(checkpoint.TreeSize)),
            { Receipt: null, AnchoredBy.TransactionHash: { } other } when !SameHash(other, inFlight.TransactionHash) => new Done(AnchoringStep.Waiting,
            [
                new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, inFlight.TransactionHash, $"replaced: {other} anchored this checkpoint", now),
                Submitted(checkpoint, new SentTransaction(other, "", -1), inFlight.PreviousTreeSize, terms, now),
            ]),
            { Receipt: null } => Abandon(checkpoint, inFlight, Dropped, now),
            { Receipt: { Succeeded: false } reverted } => Abandon(checkpoint, inFlight, "reverted: " + (reverted.Failure ?? "the contract refused the anchor"), now),
            { Receipt: { } young } when young.Confirmations < terms.Confirmations => Wait,
            { Receipt: { } mined, CanonicalBlock: null } => new Ask(new ChainQuestion.CanonicalBlockAt(mined.BlockNumber)),
            { Receipt: { } orphaned, CanonicalBlock.Hash: var canonical } when !SameHash(canonical, orphaned.BlockHash) => Wait,
            { Receipt: { } receipt } => new Done(AnchoringStep.Confirmed, [Confirmed(checkpoint, receipt, terms, now)]),
        };
    }

    /// <summary>Anchors <paramref name="checkpoint"/>, which has no transaction in flight, proving it consistent with the chain's latest anchor.</summary>
    public static AnchoringDecision Anchor(CheckpointToAnchor checkpoint, AnchorsOnChain chain, AnchoringTerms terms, DateTimeOffset now)
    {
        var previousSize = chain.Latest?.TreeSize ?? 0;
        return chain switch
        {
            { RefusedBecause: { } reason } => new Done(AnchoringStep.Abandoned,
                [new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, null, "refused: " + reason, now)]),
            { Sent: { } sent } => new Done(AnchoringStep.Submitted, [Submitted(checkpoint, sent, previousSize, terms, now)]),
            { Latest: { } latest } when latest.TreeSize >= checkpoint.TreeSize => Adopt(checkpoint, chain, previousSize, terms, now),
            _ when previousSize == 0 => new Send(checkpoint.TreeSize, checkpoint.RootHash, 0),
            { OurRootAtLatest: null } => new Ask(new ChainQuestion.LogRootAt(previousSize)),
            { Latest: { } latest, OurRootAtLatest: { } ours } when !SameHash(latest.RootHash, ours.RootHash) =>
                new Diverge(previousSize, latest.RootHash, ours.RootHash),
            _ => new Send(checkpoint.TreeSize, checkpoint.RootHash, previousSize),
        };
    }

    // The chain holds this size already, sent by a transaction we have no record of (a crash after sending, or another node).
    private static AnchoringDecision Adopt(CheckpointToAnchor checkpoint, AnchorsOnChain chain, long previousSize, AnchoringTerms terms, DateTimeOffset now) => chain switch
    {
        { AtCheckpointSize: null } => new Ask(new ChainQuestion.AnchoredRootAt(checkpoint.TreeSize)),
        { AtCheckpointSize.RootHash: var anchored } when !SameHash(anchored, checkpoint.RootHash) => Idle,
        { AnchoredBy: null } => new Ask(new ChainQuestion.WhichTransactionAnchored(checkpoint.TreeSize)),
        { AnchoredBy.TransactionHash: { } transaction } => new Done(AnchoringStep.Submitted,
            [Submitted(checkpoint, new SentTransaction(transaction, "", -1), previousSize, terms, now)]),
        _ => Idle,
    };

    private static Done Idle => new(AnchoringStep.Idle, []);

    private static Done Wait => new(AnchoringStep.Waiting, []);

    private static Done Abandon(CheckpointToAnchor checkpoint, AnchorInFlight inFlight, string reason, DateTimeOffset now) =>
        new(AnchoringStep.Abandoned, [new AnchorAbandoned(checkpoint.Id, checkpoint.TreeSize, inFlight.TransactionHash, reason, now)]);

    private static AnchorSubmitted Submitted(CheckpointToAnchor checkpoint, SentTransaction sent, long previousSize, AnchoringTerms terms, DateTimeOffset now) =>
        new(checkpoint.Id, checkpoint.TreeSize, checkpoint.RootHash, terms.ChainId, terms.Contract, sent.From, sent.Hash, sent.Nonce, previousSize, now);

    private static AnchorConfirmed Confirmed(CheckpointToAnchor checkpoint, MinedReceipt receipt, AnchoringTerms terms, DateTimeOffset now) =>
        new(checkpoint.Id, checkpoint.TreeSize, checkpoint.RootHash, terms.ChainId, terms.Contract, receipt.TransactionHash, receipt.BlockNumber,
            receipt.BlockHash, receipt.BlockTime, receipt.LogIndex ?? 0, receipt.GasUsed, receipt.Confirmations, now);

    // Hashes are hex; the node and our records may differ in case.
    private static bool SameHash(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
