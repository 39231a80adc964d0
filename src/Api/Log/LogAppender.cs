using Ledger.Integrity.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Log;

/// <summary>
/// Extends the log with every newly committed event, a batch per round, as soon as the async daemon's high-water mark
/// passes it. Runs on every node; the log head's row lock lets one node at a time append.
/// </summary>
public sealed partial class LogAppender(LedgerLog log, IOptions<LogOptions> options, ILogger<LogAppender> logger) : BackgroundService
{
    /// <summary>The log's tables exist before the host serves its first request.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await log.EnsureSchemaAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await log.EnsureSchemaAsync(stoppingToken);
                var round = await log.Writer.AppendAsync(options.Value.BatchSize, stoppingToken);
                if (round.LateAppended > 0)
                {
                    LogLateEvents(logger, round.LateAppended, round.Size);
                }

                failures = 0;
                if (round.Appended + round.LateAppended >= options.Value.BatchSize / 2)
                {
                    continue;
                }

                await Task.Delay(options.Value.PollMilliseconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                LogRoundFailed(logger, exception, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, options.Value.PollMilliseconds * (1 << Math.Min(failures, 7)))), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Logged {Count} event(s) whose transactions committed after the high-water mark passed them; the log now has {Size} leaves")]
    private static partial void LogLateEvents(ILogger logger, int count, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending the log failed ({Failures} in a row); retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, int failures);
}
