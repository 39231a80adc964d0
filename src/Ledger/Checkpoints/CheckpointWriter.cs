using Ledger.Domain.Log;
using Ledger.Projections.Log;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Options;

namespace Ledger.Integrity.Checkpoints;

/// <summary>
/// Signs a checkpoint of the log when <see cref="CheckpointPolicy"/> says one is due, and records it as a
/// <see cref="CheckpointSigned"/> event in its own stream.
/// </summary>
public sealed class CheckpointWriter(LedgerLog log, CheckpointKey key, IDocumentStore store, IOptions<CheckpointOptions> options, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> OwnEventTypes = ["checkpoint_signed.v1", "anchor_submitted.v1", "anchor_confirmed.v1", "anchor_abandoned.v1"];

    private CheckpointCadence Cadence => new(TimeSpan.FromSeconds(options.Value.IntervalSeconds), options.Value.MaxLeaves);

    public async Task<CheckpointRecord?> SignIfDueAsync(CancellationToken cancellationToken)
    {
        var head = await log.Store.HeadAsync(cancellationToken);
        await using var session = store.LightweightSession();
        var newest = await session.NewestCheckpointAsync(cancellationToken);
        var latest = newest is null ? null : new LatestCheckpoint(newest.TreeSize, newest.SignedAt);
        var now = clock.GetUtcNow();
        var decision = CheckpointPolicy.Decide(head.Size, latest, now, Cadence);
        if (decision is CheckpointDecision.SignIfBusinessLeaves leaves)
        {
            var businessLeaves = await log.Store.HasLeavesOtherThanAsync(leaves.FromSize, leaves.ToSize, OwnEventTypes, cancellationToken);
            decision = CheckpointPolicy.Decide(head.Size, latest, now, Cadence, businessLeaves);
        }

        return decision is CheckpointDecision.Sign sign ? await SignAsync(session, sign.TreeSize, now, cancellationToken) : null;
    }

    private async Task<CheckpointRecord?> SignAsync(IDocumentSession session, long treeSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var root = await log.Store.Tree.RootAsync(treeSize, cancellationToken);
        var checkpoint = new Integrity.Checkpoints.Checkpoint(key.Signer.Name, treeSize, root);
        var id = CheckpointStreams.For(checkpoint.Origin, checkpoint.Size);
        var signed = new CheckpointSigned(id, checkpoint.Origin, checkpoint.Size, Convert.ToHexStringLower(root), key.Signer.Sign(checkpoint), key.Signer.VerifierKey, now);
        session.Events.StartStream<CheckpointRecord>(id, signed);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Another node signed this size first; its checkpoint is the same tree head.
            return null;
        }

        return await session.LoadAsync<CheckpointRecord>(id, cancellationToken);
    }
}
