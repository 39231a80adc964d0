namespace Ledger.Domain.Log;

/// <summary>The chain anchors go to, and how many blocks on top of (and including) an anchor's block make it count.</summary>
public sealed record AnchoringTerms(long ChainId, string Contract, int Confirmations);

/// <summary>The receipt of a mined anchoring transaction, and the chain's head block now.</summary>
public sealed record MinedReceipt(
    string TransactionHash,
    bool Succeeded,
    string? Failure,
    long BlockNumber,
    string BlockHash,
    DateTimeOffset BlockTime,
    int? LogIndex,
    long GasUsed,
    long HeadBlockNumber)
{
    public int Confirmations => (int)(HeadBlockNumber - BlockNumber + 1);
}

/// <summary>The transaction the contract's Anchored events name for this size, or none.</summary>
public sealed record AnchoredBy(long TreeSize, string? TransactionHash);

/// <summary>The hash of the canonical block at this height, or none beyond the head.</summary>
public sealed record CanonicalBlock(long Number, string? Hash);

/// <summary>The log's latest tree head anchored on chain.</summary>
public sealed record LatestAnchor(long TreeSize, string RootHash);

/// <summary>The root anchored on chain at exactly this size, or none.</summary>
public sealed record AnchoredRoot(long TreeSize, string? RootHash);

/// <summary>Our own log's root at this size.</summary>
public sealed record LogRoot(long TreeSize, string RootHash);

/// <summary>A transaction the node took to anchor a checkpoint.</summary>
public sealed record SentTransaction(string Hash, string From, long Nonce);

/// <summary>What the chain says of a checkpoint's transaction in flight. A fact still null was not asked.</summary>
public sealed record TransactionOnChain(MinedReceipt? Receipt)
{
    public bool? Known { get; init; }

    public AnchoredBy? AnchoredBy { get; init; }

    public CanonicalBlock? CanonicalBlock { get; init; }
}

/// <summary>What the chain says of the log's anchors, and of our attempt to add one. A fact still null was not asked.</summary>
public sealed record AnchorsOnChain(LatestAnchor? Latest)
{
    public AnchoredRoot? AtCheckpointSize { get; init; }

    public AnchoredBy? AnchoredBy { get; init; }

    public LogRoot? OurRootAtLatest { get; init; }

    public SentTransaction? Sent { get; init; }

    public string? RefusedBecause { get; init; }
}
