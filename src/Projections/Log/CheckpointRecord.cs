using Ledger.Domain.Log;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Log;

public enum AnchorStatus
{
    Submitted,
    Confirmed,
    Abandoned,
}

/// <summary>Where a checkpoint's anchoring transaction stands.</summary>
public sealed record AnchorState(
    AnchorStatus Status,
    long ChainId,
    string Contract,
    string From,
    string TransactionHash,
    long Nonce,
    long PreviousTreeSize,
    DateTimeOffset SubmittedAt)
{
    public long? BlockNumber { get; init; }

    public string? BlockHash { get; init; }

    public DateTimeOffset? BlockTime { get; init; }

    public int? LogIndex { get; init; }

    public long? GasUsed { get; init; }

    public int? Confirmations { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public string? AbandonedBecause { get; init; }
}

/// <summary>A signed checkpoint and its latest anchoring attempt: what /api/ledger/checkpoint and /anchors serve.</summary>
public sealed record CheckpointRecord(Guid Id, string Origin, long TreeSize, string RootHash, string SignedNote, string VerifierKey, DateTimeOffset SignedAt)
{
    public AnchorState? Anchor { get; init; }

    public IReadOnlyList<string> AbandonedAnchors { get; init; } = [];

    public long Version { get; init; }
}

public sealed class CheckpointRecordProjection : SingleStreamProjection<CheckpointRecord, Guid>
{
    public static CheckpointRecord Create(CheckpointSigned signed) =>
        new(signed.CheckpointId, signed.Origin, signed.TreeSize, signed.RootHash, signed.SignedNote, signed.VerifierKey, signed.At);

    public static CheckpointRecord Apply(AnchorSubmitted submitted, CheckpointRecord record) => record with
    {
        Anchor = new AnchorState(AnchorStatus.Submitted, submitted.ChainId, submitted.Contract, submitted.From, submitted.TransactionHash,
            submitted.Nonce, submitted.PreviousTreeSize, submitted.At),
    };

    public static CheckpointRecord Apply(AnchorConfirmed confirmed, CheckpointRecord record) => record with
    {
        Anchor = (record.Anchor ?? new AnchorState(AnchorStatus.Confirmed, confirmed.ChainId, confirmed.Contract, "", confirmed.TransactionHash, 0, 0, confirmed.At)) with
        {
            Status = AnchorStatus.Confirmed,
            TransactionHash = confirmed.TransactionHash,
            BlockNumber = confirmed.BlockNumber,
            BlockHash = confirmed.BlockHash,
            BlockTime = confirmed.BlockTime,
            LogIndex = confirmed.LogIndex,
            GasUsed = confirmed.GasUsed,
            Confirmations = confirmed.Confirmations,
            ConfirmedAt = confirmed.At,
        },
    };

    public static CheckpointRecord Apply(AnchorAbandoned abandoned, CheckpointRecord record) => record with
    {
        Anchor = record.Anchor is null ? null : record.Anchor with { Status = AnchorStatus.Abandoned, AbandonedBecause = abandoned.Reason },
        AbandonedAnchors = [.. record.AbandonedAnchors, $"{abandoned.TransactionHash ?? "(none)"}: {abandoned.Reason}"],
    };
}
