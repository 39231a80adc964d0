using Ledger.Integrity.Audit;
using System.Threading.Channels;
using Marten;

namespace Ledger.Api.Audit;

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

/// <summary>Audit runs wait here for the <see cref="AuditWorker"/>; one runs at a time.</summary>
public sealed class AuditQueue
{
    private readonly Channel<Guid> runs = Channel.CreateUnbounded<Guid>();

    public ValueTask EnqueueAsync(Guid run, CancellationToken cancellationToken) => runs.Writer.WriteAsync(run, cancellationToken);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => runs.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>Runs queued audits in the background, saving progress about once a second.</summary>
public sealed partial class AuditWorker(AuditQueue queue, IServiceProvider services, IDocumentStore store, TimeProvider clock, ILogger<AuditWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            await RunAsync(id, stoppingToken);
        }
    }

    private async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var run = await session.LoadAsync<AuditRun>(id, cancellationToken);
        if (run is null)
        {
            return;
        }

        run = run with { Status = AuditRunStatus.Running, StartedAt = clock.GetUtcNow(), Phase = "starting" };
        await SaveAsync(run, cancellationToken);
        var lastSaved = clock.GetUtcNow();
        try
        {
            await using var scope = services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IntegrityAudit>();
            var report = await audit.RunAsync((phase, done, total) =>
            {
                run = run with { Phase = phase, Done = done, Total = total };
                if (clock.GetUtcNow() - lastSaved > TimeSpan.FromSeconds(1))
                {
                    lastSaved = clock.GetUtcNow();
                    SaveAsync(run, CancellationToken.None).GetAwaiter().GetResult();
                }
            }, cancellationToken);
            run = run with { Status = report.Passed ? AuditRunStatus.Passed : AuditRunStatus.Failed, Phase = "done", FinishedAt = clock.GetUtcNow(), Report = report };
            LogFinished(logger, id, run.Status, report.LogFindings.Count + report.ReadModelFindings.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            run = run with { Status = AuditRunStatus.Error, Phase = "error", FinishedAt = clock.GetUtcNow(), Error = exception.Message };
            LogError(logger, exception, id);
        }

        await SaveAsync(run, CancellationToken.None);
    }

    private async Task SaveAsync(AuditRun run, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(run);
        await session.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {Run} finished: {Status}, {Findings} finding(s)")]
    private static partial void LogFinished(ILogger logger, Guid run, AuditRunStatus status, int findings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit {Run} could not complete")]
    private static partial void LogError(ILogger logger, Exception exception, Guid run);
}
