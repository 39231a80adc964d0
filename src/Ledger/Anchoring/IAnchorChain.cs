using Ledger.Domain.Log;

namespace Ledger.Integrity.Anchoring;

/// <summary>A tree head as the anchor contract holds it for one log.</summary>
public sealed record AnchoredHead(long TreeSize, byte[] Root, DateTimeOffset AnchoredAt);

/// <summary>A transaction sent to anchor a tree head.</summary>
public sealed record AnchorTransaction(string Hash, string From, long Nonce);

/// <summary>The chain as the anchoring service needs it: the anchor contract of one log, and its transactions.</summary>
public interface IAnchorChain
{
    long ChainId { get; }

    string Contract { get; }

    /// <summary>The log's latest anchored tree head on chain, or null when it was never anchored.</summary>
    Task<AnchoredHead?> LatestAsync(byte[] logId, CancellationToken cancellationToken);

    /// <summary>The root anchored at exactly this size, or null.</summary>
    Task<byte[]?> RootAtAsync(byte[] logId, long treeSize, CancellationToken cancellationToken);

    /// <summary>Sends anchor(logId, treeSize, root, proof); a transaction the node refuses outright throws <see cref="AnchorRefusedException"/>.</summary>
    Task<AnchorTransaction> SubmitAsync(byte[] logId, long treeSize, byte[] root, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken);

    /// <summary>The receipt, or null while the transaction is not mined (or its block was reorganised away).</summary>
    Task<MinedReceipt?> ReceiptAsync(string transactionHash, CancellationToken cancellationToken);

    /// <summary>Whether the node still knows the transaction, mined or pending.</summary>
    Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken);

    /// <summary>The hash of the canonical block at this height, or null beyond the head.</summary>
    Task<string?> BlockHashAsync(long blockNumber, CancellationToken cancellationToken);

    /// <summary>The transaction that anchored this log at exactly this size, found in the contract's Anchored events.</summary>
    Task<string?> FindAnchoringTransactionAsync(byte[] logId, long treeSize, CancellationToken cancellationToken);
}

/// <summary>The chain could not be reached or did not answer: retry later, nothing is lost.</summary>
public sealed class ChainUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The node or the contract refused the anchor (e.g. the account is not allowlisted, or the history is inconsistent);
/// <see cref="Error"/> is the contract's custom error when it gave one (e.g. a <see cref="TreeSizeNotLargerError"/>).
/// </summary>
public sealed class AnchorRefusedException(string reason, Exception? inner = null, object? error = null) : Exception(reason, inner)
{
    public object? Error { get; } = error;
}
