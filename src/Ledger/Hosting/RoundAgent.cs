using JasperFx;
using Wolverine.Runtime.Agents;

namespace Ledger.Integrity.Hosting;

/// <summary>
/// Background work that Wolverine runs on exactly one node of the cluster (leader-elected through its node table in
/// PostgreSQL; another node takes over when that one stops): one round, then a pause; after a failure, a back-off.
/// </summary>
public abstract partial class RoundAgent(string scheme, ILogger logger) : SingularAgent(scheme)
{
    private CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    /// <summary>Whether this node runs the agent now.</summary>
    public bool IsRunning => Status == AgentStatus.Running;

    /// <summary>One round of work; returns how long to wait before the next.</summary>
    protected abstract Task<TimeSpan> RoundAsync(CancellationToken cancellationToken);

    protected abstract TimeSpan MaxBackoff { get; }

    protected override Task startAsync(CancellationToken cancellationToken)
    {
        stopping = new CancellationTokenSource();
        running = Task.Run(() => LoopAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    protected override async Task stopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the round in progress was cancelled.
        }

        stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                pause = await RoundAsync(cancellationToken);
                if (failures > 0)
                {
                    LogRecovered(logger, Scheme, failures);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                pause = Backoff.After(failures, MaxBackoff);
                LogFailed(logger, exception, Scheme, failures, pause.TotalSeconds);
            }

            try
            {
                await Task.Delay(pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Agent} failed {Failures} time(s) in a row; retrying in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, Exception exception, string agent, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Agent} works again after {Failures} failed round(s)")]
    private static partial void LogRecovered(ILogger logger, string agent, int failures);
}
