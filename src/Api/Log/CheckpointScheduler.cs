using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Log;

/// <summary>Asks the <see cref="CheckpointWriter"/> every poll whether a checkpoint is due.</summary>
public sealed partial class CheckpointScheduler(CheckpointWriter writer, IOptions<CheckpointOptions> options, ILogger<CheckpointScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await writer.SignIfDueAsync(stoppingToken) is { } signed)
                {
                    LogSigned(logger, signed.TreeSize, signed.RootHash);
                }

                await Task.Delay(options.Value.PollMilliseconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed the checkpoint at {TreeSize} leaves, root {RootHash}")]
    private static partial void LogSigned(ILogger logger, long treeSize, string rootHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing a checkpoint failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
