using System.Threading.Channels;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Ledger.Api.Hosting;

/// <summary>The "GroupCommit" section: how many transactions save waiting commands at once, and how many commands one holds.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "GroupCommit";

    /// <summary>Transactions in flight at once; while they commit, the commands arriving meanwhile gather for the next.</summary>
    public int Writers { get; set; } = 2;

    public int MaxCommands { get; set; } = 64;
}

/// <summary>
/// Group commit: commands that arrive while earlier ones are being committed are recorded in one Marten session and saved in
/// one transaction (one round trip for sequence numbers, one batch, one commit), instead of a transaction each. Nothing waits
/// on a timer: a command arriving when a writer is idle is saved at once, alone.
/// <para>
/// A command is all or nothing, and so is its group: when a group's transaction is refused by PostgreSQL (a definition
/// revised meanwhile, an <c>Idempotency-Key</c> claimed twice, a stream moved on) or a command's recording fails (a vault
/// subject under a hold), nothing of the group was committed, and every command of it is then saved alone, one after the
/// other in the order they arrived, so each is answered as if it had never met the others. When the outcome of a commit
/// is unknown (the connection dropped), every command of the group gets that error, as a lone command would: none is
/// ever saved twice.
/// </para>
/// </summary>
public sealed partial class GroupCommit(OutboxedSessionFactory sessions, IWolverineRuntime wolverine, IOptions<GroupCommitOptions> options, string schema, ILogger<GroupCommit> logger) : BackgroundService
{
    private readonly Channel<Command> waiting = Channel.CreateUnbounded<Command>();

    /// <summary>
    /// Saves what <paramref name="record"/> records (it may run twice: in a group and, if the group is refused, alone), and
    /// returns the documents the commit wrote (inline read models included). The request's <c>Idempotency-Key</c> claim is
    /// saved with it.
    /// </summary>
    public async Task<IReadOnlyCollection<object>> SaveAsync(HttpContext request, Func<Recording, Task> record)
    {
        var claim = request.Items[IdempotencyClaims.ClaimItem] as IdempotencyRecord;
        request.Items.Remove(IdempotencyClaims.ClaimItem);
        var command = new Command(record, claim);
        if (!waiting.Writer.TryWrite(command))
        {
            throw new ApiStoppingException();
        }

        return await command.Saved.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Writers)).Select(_ => Task.Run(WriteAsync, CancellationToken.None)));

    private async Task WriteAsync()
    {
        var group = new List<Command>();
        // Ends once the API stops taking commands and every one taken is saved.
        while (await waiting.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (group.Count < Math.Max(1, options.Value.MaxCommands) && waiting.Reader.TryRead(out var command))
            {
                group.Add(command);
            }

            if (group.Count > 0)
            {
                await SaveAsync(group);
                group.Clear();
            }
        }
    }

    private async Task SaveAsync(IReadOnlyList<Command> group)
    {
        if (group.Count > 1)
        {
            try
            {
                if (await SaveTogetherAsync(group) is { } written)
                {
                    foreach (var command in group)
                    {
                        command.Saved.TrySetResult(written);
                    }

                    return;
                }
            }
            catch (Exception unknownOutcome)
            {
                foreach (var command in group)
                {
                    command.Saved.TrySetException(unknownOutcome);
                }

                return;
            }
        }

        // In the order they arrived, as they would have been saved had they not met.
        foreach (var command in group)
        {
            await SaveAloneAsync(command);
        }
    }

    /// <returns>The documents written, or null when nothing was committed and each command is to be saved alone.</returns>
    private async Task<IReadOnlyCollection<object>?> SaveTogetherAsync(IReadOnlyList<Command> group)
    {
        var changes = new KeptChanges();
        var recording = Open(changes);
        await using var session = recording.Session;
        try
        {
            foreach (var command in group)
            {
                await RecordAsync(recording, command);
            }
        }
        catch (Exception refused)
        {
            LogSavedAlone(logger, group.Count, refused.GetType().Name);
            return null;
        }

        try
        {
            await session.SaveChangesAsync(CancellationToken.None);
            return changes.Written;
        }
        catch (Exception refused) when (RolledBack(refused))
        {
            LogSavedAlone(logger, group.Count, refused.GetType().Name);
            return null;
        }
    }

    private async Task SaveAloneAsync(Command command)
    {
        try
        {
            var changes = new KeptChanges();
            var recording = Open(changes);
            await using var session = recording.Session;
            await RecordAsync(recording, command);
            await session.SaveChangesAsync(CancellationToken.None);
            command.Saved.TrySetResult(changes.Written);
        }
        catch (Exception failed)
        {
            command.Saved.TrySetException(failed);
        }
    }

    /// <summary>A session whose commit also stores the messages its commands send or schedule (Wolverine's outbox), and sends them once committed.</summary>
    private Recording Open(KeptChanges changes)
    {
        var messages = new MessageContext(wolverine);
        var session = sessions.OpenSession(messages);
        session.Listeners.Add(changes);
        return new Recording(session, messages);
    }

    private async Task RecordAsync(Recording recording, Command command)
    {
        await command.Record(recording);
        if (command.Claim is { } claim)
        {
            // As for a request's own session: of two commands claiming one key, one commits.
            IdempotencyClaims.Queue(recording.Session, schema, claim);
        }
    }

    /// <summary>PostgreSQL answered with an error, or Marten found a stream not at the version expected, so the transaction did not commit.</summary>
    private static bool RolledBack(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException or JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A group of {Count} commands was refused ({Reason}); each is saved alone.")]
    private static partial void LogSavedAlone(ILogger logger, int count, string reason);

    /// <summary>Where a command records: its events and documents in <see cref="Session"/>, the messages it sends or schedules in <see cref="Messages"/>.</summary>
    public sealed record Recording(IDocumentSession Session, IMessageContext Messages);

    private sealed record Command(Func<Recording, Task> Record, IdempotencyRecord? Claim)
    {
        public TaskCompletionSource<IReadOnlyCollection<object>> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class KeptChanges : DocumentSessionListenerBase
    {
        public IReadOnlyCollection<object> Written { get; private set; } = [];

        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            Written = [.. commit.Inserted, .. commit.Updated];
            return Task.CompletedTask;
        }
    }
}

/// <summary>A command that reached the API after it began to stop: nothing was recorded, and the caller may send it again (503).</summary>
public sealed class ApiStoppingException() : Exception("The API is stopping and records no more commands; send the command again.");
