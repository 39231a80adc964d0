using Microsoft.Extensions.Options;

namespace Ledger.Integrity.Checkpoints;

/// <summary>Asks the <see cref="CheckpointWriter"/> every poll whether a checkpoint is due; Wolverine runs it on one node.</summary>
public sealed partial class CheckpointScheduler(CheckpointWriter writer, IOptions<CheckpointOptions> options, ILogger<CheckpointScheduler> logger)
    : RoundAgent("ledger-checkpoints", logger)
{
    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(30);

    protected override async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        if (await writer.SignIfDueAsync(cancellationToken) is { } signed)
        {
            LogSigned(logger, signed.TreeSize, signed.RootHash);
        }

        return TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed the checkpoint at {TreeSize} leaves, root {RootHash}")]
    private static partial void LogSigned(ILogger logger, long treeSize, string rootHash);
}
