using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Api.Verification;
using Ledger.Projections.Agencies;
using Ledger.Projections.Certificates;
using Ledger.Projections.Log;
using Marten;
using Marten.Services;

namespace Ledger.Api.Log;

/// <summary>
/// Public answers that many callers ask for at once and that change only when the log moves on: the latest checkpoint and
/// the verification report of a registered certificate. Each is computed once and shared for at most
/// <see cref="FreshFor"/>; a commit on this node that changes what they are made of (a checkpoint signed or anchored, a
/// certificate issued, renewed or revoked, an agency's keys) drops them at once. So an answer computed before a change on
/// this node is not served after it (one still being computed at that moment may be, for at most <see cref="FreshFor"/>),
/// and another node's change shows within <see cref="FreshFor"/>.
/// </summary>
public sealed class RecentAnswers : DocumentSessionListenerBase
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    /// <summary>Reports kept at once, at most; reaching it drops them all, to be computed again as they are asked for.</summary>
    public const int Reports = 10_000;

    private readonly ConcurrentDictionary<string, Answer<VerificationReport?>> reports = new(StringComparer.Ordinal);
    private Answer<CheckpointView?>? checkpoint;

    public Task<CheckpointView?> CheckpointAsync(Func<Task<CheckpointView?>> compute)
    {
        while (true)
        {
            var current = Volatile.Read(ref checkpoint);
            if (current is not null && current.FreshAt(Stopwatch.GetTimestamp()))
            {
                return current.Value;
            }

            // Of callers finding it stale at once, one computes it; the others share that computation.
            var fresh = new Answer<CheckpointView?>(compute);
            if (Interlocked.CompareExchange(ref checkpoint, fresh, current) == current)
            {
                return fresh.Value;
            }
        }
    }

    public Task<VerificationReport?> ReportAsync(string contentHash, Func<Task<VerificationReport?>> compute)
    {
        // Of callers finding it missing or stale at once, one computes it; the others share that computation.
        while (true)
        {
            if (!reports.TryGetValue(contentHash, out var kept))
            {
                // Counting takes every lock of the dictionary: done only when a report is added, never on a hit.
                if (reports.Count >= Reports)
                {
                    reports.Clear();
                }

                var first = new Answer<VerificationReport?>(compute);
                if (reports.TryAdd(contentHash, first))
                {
                    return first.Value;
                }
            }
            else if (kept.FreshAt(Stopwatch.GetTimestamp()))
            {
                return kept.Value;
            }
            else
            {
                var fresh = new Answer<VerificationReport?>(compute);
                if (reports.TryUpdate(contentHash, fresh, kept))
                {
                    return fresh.Value;
                }
            }
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var written in commit.Inserted.Concat(commit.Updated))
        {
            if (written is CheckpointRecord or CertificateRecord or AgencyProfile)
            {
                Volatile.Write(ref checkpoint, null);
                reports.Clear();
                break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>An answer computed once, when first asked for, by whichever caller put it in place.</summary>
    private sealed class Answer<T>(Func<Task<T>> compute)
    {
        private readonly Lazy<Task<T>> value = new(compute);
        private readonly long computedAt = Stopwatch.GetTimestamp();

        public Task<T> Value => value.Value;

        /// <summary>Still shared: computed within <see cref="FreshFor"/>, and not failed (a failure is never shared).</summary>
        public bool FreshAt(long now) =>
            Stopwatch.GetElapsedTime(computedAt, now) < FreshFor && !(value.IsValueCreated && (value.Value.IsFaulted || value.Value.IsCanceled));
    }
}
