namespace Ledger.Domain.Log;

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

/// <summary>What the anchoring adapter does next.</summary>
public abstract record AnchoringDecision
{
    /// <summary>The facts so far do not decide: learn this one and decide again.</summary>
    public sealed record Ask(ChainQuestion Question) : AnchoringDecision;

    /// <summary>
    /// Send anchor(<see cref="TreeSize"/>, root) with a consistency proof from <see cref="PreviousTreeSize"/> (empty from 0),
    /// learn what the node says, and decide again.
    /// </summary>
    public sealed record Send(long TreeSize, string RootHash, long PreviousTreeSize) : AnchoringDecision;

    /// <summary>Append these events (maybe none) to the checkpoint's stream; the round ends at this step.</summary>
    public sealed record Done(AnchoringStep Step, IReadOnlyList<object> Events) : AnchoringDecision;

    /// <summary>The chain holds a root our log does not compute: append nothing, stop anchoring and raise the alarm.</summary>
    public sealed record Diverge(long TreeSize, string AnchoredRootHash, string LogRootHash) : AnchoringDecision;
}

/// <summary>One fact the decider needs from the chain or the log, asked only when the facts so far do not decide.</summary>
public abstract record ChainQuestion
{
    public sealed record IsKnown(string TransactionHash) : ChainQuestion;

    public sealed record WhichTransactionAnchored(long TreeSize) : ChainQuestion;

    public sealed record CanonicalBlockAt(long BlockNumber) : ChainQuestion;

    public sealed record AnchoredRootAt(long TreeSize) : ChainQuestion;

    public sealed record LogRootAt(long TreeSize) : ChainQuestion;
}
