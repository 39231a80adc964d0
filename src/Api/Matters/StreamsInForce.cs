using System.Collections.Concurrent;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Domain.Matters;
using Ledger.Projections.Incidents;
using Ledger.Projections.Matters;
using Marten;
using Marten.Services;
using Npgsql;

namespace Ledger.Api.Matters;

/// <summary>
/// The matters and case categories that commands are judged against, kept in memory: they change a few times a year and
/// are read by every submission. A cached definition is never trusted blindly: the command's own transaction checks that
/// the definition's stream is still at the version it was read at (<c>assert_stream_version</c>, a statement of the same
/// batch, so no extra round trip), and a revision committed by any node in between makes the command fail with 409
/// <c>definition-revised</c> and nothing recorded, and the cache forgets what it knew. A publication or revision committed
/// on this node is forgotten at once (as a session listener, it sees the catalogue entries each commit writes).
/// </summary>
public sealed class StreamsInForce(string schema) : DocumentSessionListenerBase
{
    public const string Revised = "LR001";
    private const string ProcedureName = "assert_stream_version";

    private readonly ConcurrentDictionary<Guid, (object State, long Version)> known = new();
    private readonly string call = $"call {schema}.{ProcedureName}(?, ?)";

    /// <summary>The matter in force and the version it was read at, for a command another session saves (<see cref="Hosting.GroupCommit"/>): that session calls <see cref="Assert{T}"/>.</summary>
    public async Task<Standing<Matter>?> StandingMatterAsync(IQuerySession session, string code, CancellationToken cancellation)
    {
        var streamId = StreamIds.ForMatter(code);
        return await ReadAsync<Matter>(session, streamId, Matter.Evolve, cancellation) is { } entry
            ? new Standing<Matter>((Matter)entry.State, streamId, entry.Version)
            : null;
    }

    /// <summary>Has <paramref name="session"/>'s batch check that the definition still stands at the version it was read at.</summary>
    public void Assert<T>(IDocumentSession session, Standing<T> standing) => session.QueueSqlCommand(call, standing.StreamId, standing.Version);

    public Task<Category?> CategoryAsync(IDocumentSession session, string code, CancellationToken cancellation) =>
        InForceAsync<Category>(session, Category.StreamId(code), Category.Evolve, cancellation);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var written in commit.Inserted.Concat(commit.Updated))
        {
            _ = written switch
            {
                MatterCatalogueEntry matter => known.TryRemove(matter.Id, out _),
                CategoryCatalogueEntry category => known.TryRemove(category.Id, out _),
                _ => false,
            };
        }

        return Task.CompletedTask;
    }

    public void ForgetAll() => known.Clear();

    /// <summary>Whether a save failed because a definition it was judged against had been revised meanwhile.</summary>
    public static bool IsRevisedMeanwhile(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: Revised })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates <c>assert_stream_version</c> if it is missing, once the store's schema exists (a hosted service registered after Marten's).</summary>
    public sealed class Procedure(string connectionString, string schema) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand(
                $"""
                do $do$ begin
                  -- Two nodes starting together: the second waits for the first, then finds the procedure there.
                  perform pg_advisory_xact_lock(hashtext('{schema}.{ProcedureName}'));
                  if to_regprocedure('{schema}.{ProcedureName}(uuid, bigint)') is null then
                    create procedure {schema}.{ProcedureName}(stream uuid, expected bigint) language plpgsql as $$
                    begin
                      if not exists (select 1 from {schema}.mt_streams where id = stream and version = expected) then
                        raise exception 'stream % is no longer at version %', stream, expected using errcode = '{Revised}';
                      end if;
                    end $$;
                  end if;
                end $do$;
                """, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private async Task<T?> InForceAsync<T>(IDocumentSession session, Guid streamId, Func<T?, object, T?> evolve, CancellationToken cancellation)
        where T : class
    {
        if (await ReadAsync(session, streamId, evolve, cancellation) is not { } entry)
        {
            return null;
        }

        session.QueueSqlCommand(call, streamId, entry.Version);
        return (T)entry.State;
    }

    private async Task<(object State, long Version)?> ReadAsync<T>(IQuerySession session, Guid streamId, Func<T?, object, T?> evolve, CancellationToken cancellation)
        where T : class
    {
        if (known.TryGetValue(streamId, out var entry))
        {
            return entry;
        }

        var events = await session.Events.FetchStreamAsync(streamId, token: cancellation);
        if (events.Aggregate(default(T), (state, e) => evolve(state, e.Data)) is not { } read)
        {
            return null;
        }

        entry = (read, events[^1].Version);
        known[streamId] = entry;
        return entry;
    }
}

/// <summary>A definition (matter or category) and the version of its stream it was read at.</summary>
public sealed record Standing<T>(T Definition, Guid StreamId, long Version);
