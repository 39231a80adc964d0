using Microsoft.Extensions.Options;

namespace Ledger.Integrity.Anchoring;

/// <summary>
/// Runs the <see cref="AnchoringAgent"/> every poll. Wolverine runs it on exactly one node, so two nodes never anchor at
/// once; while the chain is unreachable it backs off, and the log and its checkpoints keep growing meanwhile.
/// </summary>
public sealed class AnchoringScheduler(AnchoringAgent agent, IOptions<AnchoringOptions> options, ILogger<AnchoringScheduler> logger)
    : RoundAgent("ledger-anchoring", logger)
{
    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(options.Value.MaxBackoffSeconds);

    protected override async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        await agent.RunOnceAsync(cancellationToken);
        return TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
    }
}
