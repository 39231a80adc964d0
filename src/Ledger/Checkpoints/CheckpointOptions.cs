namespace Ledger.Integrity.Checkpoints;

/// <summary>The "Ledger:Checkpoints" section: a checkpoint is signed when the log has grown and either is due.</summary>
public sealed class CheckpointOptions
{
    public const string Section = "Ledger:Checkpoints";

    /// <summary>Sign at most this often while the log grows slowly.</summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>Sign as soon as this many leaves are unsigned, whatever the interval.</summary>
    public long MaxLeaves { get; set; } = 1000;

    public int PollMilliseconds { get; set; } = 1000;
}
