namespace Ledger.Domain.Log;

/// <summary>The ledger signed a checkpoint of its log: the C2SP signed note at <see cref="TreeSize"/> leaves.</summary>
public sealed record CheckpointSigned(Guid CheckpointId, string Origin, long TreeSize, string RootHash, string SignedNote, string VerifierKey, DateTimeOffset At);

/// <summary>A transaction anchoring the checkpoint was sent to the chain; it counts only once confirmed.</summary>
public sealed record AnchorSubmitted(
    Guid CheckpointId,
    long TreeSize,
    string RootHash,
    long ChainId,
    string Contract,
    string From,
    string TransactionHash,
    long Nonce,
    long PreviousTreeSize,
    DateTimeOffset At);

/// <summary>The anchoring transaction is mined, succeeded, and has the configured number of confirmations.</summary>
public sealed record AnchorConfirmed(
    Guid CheckpointId,
    long TreeSize,
    string RootHash,
    long ChainId,
    string Contract,
    string TransactionHash,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset BlockTime,
    int LogIndex,
    long GasUsed,
    int Confirmations,
    DateTimeOffset At);

/// <summary>
/// The anchoring transaction will not count: it reverted, was dropped or replaced, its block was reorganised away, or a
/// newer checkpoint is anchored instead. A later anchor covers this checkpoint's leaves.
/// </summary>
public sealed record AnchorAbandoned(Guid CheckpointId, long TreeSize, string? TransactionHash, string Reason, DateTimeOffset At);

public static class CheckpointStreams
{
    /// <summary>One stream per checkpoint, by origin and size: a size is signed once, whichever node gets there first.</summary>
    public static Guid For(string origin, long treeSize) =>
        Identity.StreamIds.NameBased($"checkpoint:{origin}:{treeSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
