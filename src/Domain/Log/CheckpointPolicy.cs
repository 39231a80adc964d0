namespace Ledger.Domain.Log;

/// <summary>How often checkpoints are signed: at most every <see cref="Interval"/>, or at once when <see cref="MaxLeaves"/> leaves wait.</summary>
public sealed record CheckpointCadence(TimeSpan Interval, long MaxLeaves);

/// <summary>The newest signed checkpoint, as the policy needs it.</summary>
public sealed record LatestCheckpoint(long TreeSize, DateTimeOffset SignedAt);

public abstract record CheckpointDecision
{
    public sealed record Wait : CheckpointDecision;

    public sealed record Sign(long TreeSize) : CheckpointDecision;

    /// <summary>Due by time or size; sign only if leaves (<see cref="FromSize"/>, <see cref="ToSize"/>] hold more than the ledger's own events.</summary>
    public sealed record SignIfBusinessLeaves(long FromSize, long ToSize) : CheckpointDecision;
}

public static class CheckpointPolicy
{
    /// <param name="businessLeavesSince">
    /// Whether the leaves since the latest checkpoint hold more than the ledger's own checkpoint and anchor events, or null
    /// when not asked yet: that is a query, so the policy asks for it only once time or size already says a checkpoint is due.
    /// </param>
    public static CheckpointDecision Decide(long headSize, LatestCheckpoint? latest, DateTimeOffset now, CheckpointCadence cadence, bool? businessLeavesSince = null)
    {
        var signedSize = latest?.TreeSize ?? 0;
        var due = headSize > signedSize
            && (latest is null || now - latest.SignedAt >= cadence.Interval || headSize - signedSize >= cadence.MaxLeaves);
        return (due, businessLeavesSince) switch
        {
            (true, null) => new CheckpointDecision.SignIfBusinessLeaves(signedSize, headSize),
            (true, true) => new CheckpointDecision.Sign(headSize),
            _ => new CheckpointDecision.Wait(),
        };
    }
}
