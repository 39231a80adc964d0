using System.Diagnostics;
using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using Ledger.Integrity.Merkle;
using Ledger.Projections.Log;
using Ledger.Projections.Operations;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Operations;

/// <summary>The "Ledger:Operations" section: how often the city overview is computed again, and how long its snapshots are kept.</summary>
public sealed class OperationsOverviewOptions
{
    public const string Section = "Ledger:Operations";

    /// <summary>Compute the overview at most this often, for the newest signed checkpoint.</summary>
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>How often to look for a newer checkpoint.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Keep the snapshots of checkpoints signed in this many days, so that an auditor can ask for any of their sizes.</summary>
    public int RetainDays { get; set; } = 7;

    /// <summary>Leaves read a query.</summary>
    public int PageSize { get; set; } = 5000;
}

/// <summary>
/// Follows the signed checkpoints on one node: reads the leaves it has not yet folded, in leaf order, keeps the case
/// histories in memory (lean, see <see cref="CaseHistories"/>), and stores the city overview as at the newest checkpoint as a
/// snapshot keyed by its size. A node that starts (or takes over) reads the log again from its first leaf.
/// </summary>
public sealed partial class OperationsOverviewAgent(
    LedgerLog log, IDocumentStore store, WorkingCalendar calendar, IOptions<OperationsOverviewOptions> options, TimeProvider clock, ILogger<OperationsOverviewAgent> logger)
    : RoundAgent("ledger-operations-overview", logger)
{
    private readonly CaseHistories histories = new();
    private long folded;
    private long computedSize;
    private DateTimeOffset computedAt = DateTimeOffset.MinValue;

    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(30);

    protected override async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        await using var session = store.LightweightSession();
        var checkpoint = await session.NewestCheckpointAsync(cancellationToken);
        if (checkpoint is null || checkpoint.TreeSize <= computedSize)
        {
            return poll;
        }

        var wait = computedAt + TimeSpan.FromSeconds(settings.IntervalSeconds) - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            return wait < poll ? wait : poll;
        }

        var started = Stopwatch.GetTimestamp();
        await FoldThroughAsync(checkpoint.TreeSize, settings.PageSize, cancellationToken);
        var figures = CityOverviews.At(histories.All, checkpoint.SignedAt, calendar.UtcOffset);
        var elapsed = Stopwatch.GetElapsedTime(started);
        computedAt = clock.GetUtcNow();
        session.Store(new OperationsOverviewSnapshot(checkpoint.TreeSize, checkpoint.SignedAt, computedAt, histories.Events, elapsed.TotalMilliseconds, figures));
        var retainedSince = checkpoint.SignedAt.AddDays(-settings.RetainDays);
        session.DeleteWhere<OperationsOverviewSnapshot>(snapshot => snapshot.CheckpointTimestamp < retainedSince && snapshot.LogSize < checkpoint.TreeSize);
        await session.SaveChangesAsync(cancellationToken);
        computedSize = checkpoint.TreeSize;
        LogComputed(logger, checkpoint.TreeSize, histories.Cases, histories.Events, elapsed.TotalMilliseconds);
        return poll;
    }

    private async Task FoldThroughAsync(long size, int pageSize, CancellationToken cancellationToken)
    {
        while (folded < size)
        {
            var leaves = await log.Store.LeavesAsync(new LeafRange(folded, Math.Min(size, folded + pageSize)), cancellationToken);
            foreach (var leaf in leaves)
            {
                if (leaf.Index != folded)
                {
                    throw new InvalidOperationException($"The log holds leaf {leaf.Index} where leaf {folded} was due.");
                }

                CaseLeaves.AddTo(histories, leaf.CanonicalBytes);
                folded++;
            }

            if (leaves.Count == 0)
            {
                throw new InvalidOperationException($"The log has no leaf {folded}, though a checkpoint covers {size}.");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "City overview at {TreeSize} leaves: {Cases} cases, {Events} case events, computed in {Milliseconds} ms")]
    private static partial void LogComputed(ILogger logger, long treeSize, int cases, long events, double milliseconds);
}
