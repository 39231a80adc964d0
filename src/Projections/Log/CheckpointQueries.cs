using Marten;

namespace Ledger.Projections.Log;

/// <summary>Checkpoints as the ledger and its readers ask for them: the newest, and those whose anchor counts (confirmed on chain).</summary>
public static class CheckpointQueries
{
    /// <summary>The newest signed checkpoint, or null before the first.</summary>
    public static Task<CheckpointRecord?> NewestCheckpointAsync(this IQuerySession session, CancellationToken cancellation) =>
        session.Query<CheckpointRecord>().OrderByDescending(record => record.TreeSize).FirstOrDefaultAsync(cancellation);

    public static IQueryable<CheckpointRecord> AnchoredCheckpoints(this IQuerySession session) =>
        session.Query<CheckpointRecord>().Where(record => record.Anchor != null && record.Anchor.Status == AnchorStatus.Confirmed);

    /// <summary>The newest checkpoint with a confirmed anchor: what a proof is anchored by, or null before the first.</summary>
    public static Task<CheckpointRecord?> LatestAnchoredAsync(this IQuerySession session, CancellationToken cancellation) =>
        session.AnchoredCheckpoints().OrderByDescending(record => record.TreeSize).FirstOrDefaultAsync(cancellation);
}
