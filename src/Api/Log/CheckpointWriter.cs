using Ledger.Domain.Log;
using Ledger.Projections.Log;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Log;

/// <summary>
/// Signs a checkpoint of the log when one is due: the log has leaves beyond the last checkpoint (other than the ledger's
/// own checkpoint and anchor events, so an idle ledger does not sign forever) and the interval has passed or enough
/// leaves are waiting. The checkpoint is recorded as a <see cref="CheckpointSigned"/> event in its own stream.
/// </summary>
public sealed class CheckpointWriter(LedgerLog log, CheckpointKey key, IDocumentStore store, IOptions<CheckpointOptions> options, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> OwnEventTypes = ["checkpoint_signed.v1", "anchor_submitted.v1", "anchor_confirmed.v1", "anchor_abandoned.v1"];

    public async Task<CheckpointRecord?> SignIfDueAsync(CancellationToken cancellationToken)
    {
        var head = await log.Store.HeadAsync(cancellationToken);
        await using var session = store.LightweightSession();
        var latest = await session.Query<CheckpointRecord>().OrderByDescending(record => record.TreeSize).FirstOrDefaultAsync(cancellationToken);
        var signedSize = latest?.TreeSize ?? 0;
        if (head.Size <= signedSize)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var due = latest is null
            || now - latest.SignedAt >= TimeSpan.FromSeconds(options.Value.IntervalSeconds)
            || head.Size - signedSize >= options.Value.MaxLeaves;
        if (!due || !await log.Store.HasLeavesOtherThanAsync(signedSize, head.Size, OwnEventTypes, cancellationToken))
        {
            return null;
        }

        var root = await log.Store.Tree.RootAsync(head.Size, cancellationToken);
        var checkpoint = new Integrity.Checkpoints.Checkpoint(key.Signer.Name, head.Size, root);
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
