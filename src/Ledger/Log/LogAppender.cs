using Microsoft.Extensions.Options;

namespace Ledger.Integrity.Log;

/// <summary>
/// Extends the log with every newly committed event, a batch per round, as soon as the async daemon's high-water mark
/// passes it; at once again while a backlog remains. Wolverine runs it on one node (the log head's row lock would keep
/// two apart anyway).
/// </summary>
public sealed partial class LogAppender(LedgerLog log, IOptions<LogOptions> options, ILogger<LogAppender> logger) : RoundAgent("ledger-log", logger)
{
    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(30);

    protected override async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        await log.EnsureSchemaAsync(cancellationToken);
        var round = await log.Writer.AppendAsync(options.Value.BatchSize, cancellationToken);
        if (round.LateAppended > 0)
        {
            LogLateEvents(logger, round.LateAppended, round.Size);
        }

        return round.Appended + round.LateAppended >= options.Value.BatchSize / 2 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Logged {Count} event(s) whose transactions committed after the high-water mark passed them; the log now has {Size} leaves")]
    private static partial void LogLateEvents(ILogger logger, int count, long size);
}

/// <summary>The log's tables exist before the host serves its first request, on every node.</summary>
public sealed class LogSchemaSetup(LedgerLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => log.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
