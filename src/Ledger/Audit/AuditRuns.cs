using Ledger.Integrity.Audit;
using Marten;
using Wolverine.Attributes;

namespace Ledger.Integrity.Audit;

public enum AuditRunStatus
{
    Queued,
    Running,
    Passed,
    Failed,
    Error,
}

/// <summary>One run of the full audit, with its progress while it runs and its report when done.</summary>
public sealed record AuditRun(Guid Id, string RequestedBy, DateTimeOffset RequestedAt)
{
    public AuditRunStatus Status { get; init; } = AuditRunStatus.Queued;

    public string Phase { get; init; } = "queued";

    public long Done { get; init; }

    public long Total { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public AuditReport? Report { get; init; }

    public string? Error { get; init; }
}

/// <summary>Run the full audit of this run: a durable message, stored with the run in one transaction.</summary>
public sealed record RunAudit(Guid RunId);

/// <summary>
/// Runs an audit from Wolverine's durable local queue <c>audits</c>, one at a time, saving progress about once a second.
/// The message stays in PostgreSQL's inbox until the run is done: a run whose host stops before it ends, or that was
/// requested on another node, is run again by the next node that takes the message, from the beginning.
/// </summary>
public static partial class RunAuditHandler
{
    public const string Queue = "audits";

    /// <remarks>
    /// Only an interrupted run throws (any other failure is recorded on the run as an error): its message is stored
    /// again to be run a few seconds later, by whichever node is up then.
    /// </remarks>
    [MessageTimeout(24 * 60 * 60)]
    [ScheduleRetry(typeof(Exception), 3, 10, 30, 60, 60)]
    public static async Task Handle(RunAudit message, IDocumentStore store, IServiceScopeFactory scopes, IHostApplicationLifetime host, TimeProvider clock, ILogger<AuditRun> logger, CancellationToken cancellation)
    {
        var run = await LoadAsync(store, message.RunId, cancellation);
        if (run is null || run.Status is AuditRunStatus.Passed or AuditRunStatus.Failed or AuditRunStatus.Error)
        {
            return;
        }

        run = run with { Status = AuditRunStatus.Running, StartedAt = clock.GetUtcNow(), Phase = "starting", Done = 0, Total = 0 };
        await SaveAsync(store, run, cancellation);
        var lastSaved = clock.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<IntegrityAudit>().RunAsync((phase, done, total) =>
            {
                run = run with { Phase = phase, Done = done, Total = total };
                if (clock.GetUtcNow() - lastSaved > TimeSpan.FromSeconds(1))
                {
                    lastSaved = clock.GetUtcNow();
                    SaveAsync(store, run, CancellationToken.None).GetAwaiter().GetResult();
                }
            }, cancellation);
            run = run with { Status = report.Passed ? AuditRunStatus.Passed : AuditRunStatus.Failed, Phase = "done", FinishedAt = clock.GetUtcNow(), Report = report };
            LogFinished(logger, run.Id, run.Status, report.LogFindings.Count + report.ReadModelFindings.Count);
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested && !host.ApplicationStopping.IsCancellationRequested)
        {
            // A run stopped with its host is not an error: the message stays in the inbox and the next host runs it.
            run = run with { Status = AuditRunStatus.Error, Phase = "error", FinishedAt = clock.GetUtcNow(), Error = exception.Message };
            LogError(logger, exception, run.Id);
        }

        await SaveAsync(store, run, CancellationToken.None);
    }

    private static async Task<AuditRun?> LoadAsync(IDocumentStore store, Guid id, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<AuditRun>(id, cancellation);
    }

    private static async Task SaveAsync(IDocumentStore store, AuditRun run, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        session.Store(run);
        await session.SaveChangesAsync(cancellation);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {Run} finished: {Status}, {Findings} finding(s)")]
    private static partial void LogFinished(ILogger logger, Guid run, AuditRunStatus status, int findings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit {Run} could not complete")]
    private static partial void LogError(ILogger logger, Exception exception, Guid run);
}
