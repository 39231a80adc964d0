using Ledger.Integrity.Anchoring;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Log;

/// <summary>
/// Runs the <see cref="AnchoringAgent"/> every poll on the one node holding the anchoring lock (a PostgreSQL advisory
/// lock), backing off while the chain is unreachable. The log and its checkpoints keep growing meanwhile.
/// </summary>
public sealed partial class AnchoringScheduler(
    AnchoringAgent agent,
    IConfiguration configuration,
    IOptions<AnchoringOptions> options,
    ILogger<AnchoringScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
            try
            {
                await RunAsLeaderAsync(stoppingToken);
                if (failures > 0)
                {
                    LogChainBack(logger, failures);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                delay = TimeSpan.FromSeconds(Math.Min(options.Value.MaxBackoffSeconds, Math.Pow(2, Math.Min(failures, 10)) / 2));
                LogFailed(logger, failures, delay.TotalSeconds, exception.Message);
            }

            await Task.Delay(delay, stoppingToken);
        }
    }

    private async Task RunAsLeaderAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Ledger"));
        await connection.OpenAsync(cancellationToken);
        await using var take = new NpgsqlCommand("select pg_try_advisory_lock(hashtext('ledger.anchoring'))", connection);
        if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
        {
            return;
        }

        try
        {
            await agent.RunOnceAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtext('ledger.anchoring'))", connection);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring failed {Failures} time(s) in a row; retrying in {Seconds} s: {Reason}")]
    private static partial void LogFailed(ILogger logger, int failures, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The chain answers again after {Failures} failed round(s); anchoring resumes")]
    private static partial void LogChainBack(ILogger logger, int failures);
}
