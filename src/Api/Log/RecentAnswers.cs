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

    private readonly Shared<CheckpointView?> checkpoints = new();
    private readonly Shared<VerificationReport?> reports = new();

    public Task<CheckpointView?> CheckpointAsync(Func<Task<CheckpointView?>> compute) => checkpoints.GetAsync("latest", compute);

    public Task<VerificationReport?> ReportAsync(string contentHash, Func<Task<VerificationReport?>> compute) => reports.GetAsync(contentHash, compute);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var written in commit.Inserted.Concat(commit.Updated))
        {
            if (written is CheckpointRecord or CertificateRecord or AgencyProfile)
            {
                checkpoints.Clear();
                reports.Clear();
                break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Answers by key, each computed once by whichever caller finds it missing or stale, the others sharing that computation.</summary>
    private sealed class Shared<T>
    {
        private readonly ConcurrentDictionary<string, Answer> answers = new(StringComparer.Ordinal);

        public Task<T> GetAsync(string key, Func<Task<T>> compute)
        {
            while (true)
            {
                if (answers.TryGetValue(key, out var kept) && kept.FreshAt(Stopwatch.GetTimestamp()))
                {
                    return kept.Value;
                }

                var fresh = new Answer(compute);
                if (kept is null ? TryAddBounded(key, fresh) : answers.TryUpdate(key, fresh, kept))
                {
                    return fresh.Value;
                }
            }
        }

        public void Clear() => answers.Clear();

        private bool TryAddBounded(string key, Answer fresh)
        {
            // Counting takes every lock of the dictionary: done only when an answer is added, never on a hit.
            if (answers.Count >= Reports)
            {
                answers.Clear();
            }

            return answers.TryAdd(key, fresh);
        }

        /// <summary>An answer computed once, when first asked for, by whichever caller put it in place.</summary>
        private sealed class Answer(Func<Task<T>> compute)
        {
            private readonly Lazy<Task<T>> value = new(compute);
            private readonly long computedAt = Stopwatch.GetTimestamp();

            public Task<T> Value => value.Value;

            /// <summary>Still shared: computed within <see cref="FreshFor"/>, and not failed (a failure is never shared).</summary>
            public bool FreshAt(long now) =>
                Stopwatch.GetElapsedTime(computedAt, now) < FreshFor && !(value.IsValueCreated && (value.Value.IsFaulted || value.Value.IsCanceled));
        }
    }
}
