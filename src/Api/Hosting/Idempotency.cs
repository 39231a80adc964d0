using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Hosting;

/// <summary>The "Idempotency" section: how long an <c>Idempotency-Key</c> and its answer are kept.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    public int RetainHours { get; set; } = 24;

    /// <summary>How long a repeat waits for the first request with its key to be answered.</summary>
    public int WaitSeconds { get; set; } = 15;
}

/// <summary>
/// A command sent with an <c>Idempotency-Key</c>, and its answer. Its id is the caller (agency and officer) with the key, so
/// callers never share keys. The record is inserted in the same transaction as the command's events: of two requests racing
/// on one key, only one can commit, and the other answers as the first did.
/// </summary>
public sealed record IdempotencyRecord(string Id, string RequestHash, DateTimeOffset ExpiresAt)
{
    /// <summary>0 while the first request is being answered.</summary>
    public int Status { get; init; }

    public string? ContentType { get; init; }

    public string? Location { get; init; }

    public string? Body { get; init; }
}

/// <summary>
/// Claims the request's key in the transaction of whichever session saves the request's changes first: a row in
/// <c>idempotency_claims</c>, whose primary key lets only one of two requests racing on a key commit (the other's
/// transaction, events included, fails and rolls back).
/// </summary>
public sealed class IdempotencyClaims(string schema) : DocumentSessionListenerBase
{
    public const string ClaimItem = "ledger-idempotency-claim";
    public const string Table = "idempotency_claims";

    private readonly HttpContextAccessor requests = new();

    public static Weasel.Postgresql.Tables.Table Schema(string schema)
    {
        var table = new Weasel.Postgresql.Tables.Table($"{schema}.{Table}");
        table.AddColumn<string>("id").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("expires_at").NotNull();
        return table;
    }

    /// <summary>Queues <paramref name="claim"/> in <paramref name="session"/>'s own batch: for a session that saves several commands (<see cref="GroupCommit"/>).</summary>
    public static void Queue(IDocumentSession session, string schema, IdempotencyRecord claim)
    {
        session.QueueSqlCommand($"delete from {schema}.{Table} where id = ? and expires_at < now()", claim.Id);
        session.QueueSqlCommand($"insert into {schema}.{Table} (id, expires_at) values (?, ?)", claim.Id, claim.ExpiresAt);
    }

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (requests.HttpContext?.Items[ClaimItem] is not IdempotencyRecord claim)
        {
            return;
        }

        requests.HttpContext.Items.Remove(ClaimItem);
        await session.BeginTransactionAsync(token);
        await using var batch = new Npgsql.NpgsqlBatch(session.Connection)
        {
            BatchCommands =
            {
                new Npgsql.NpgsqlBatchCommand($"delete from {schema}.{Table} where id = $1 and expires_at < now()") { Parameters = { new() { Value = claim.Id } } },
                new Npgsql.NpgsqlBatchCommand($"insert into {schema}.{Table} (id, expires_at) values ($1, $2)")
                {
                    Parameters = { new() { Value = claim.Id }, new() { Value = claim.ExpiresAt } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(token);
    }
}

/// <summary>
/// Exactly once for commands: a POST with an <c>Idempotency-Key</c> header (1 to 200 characters) is answered once. A repeat
/// with the same key and body gets the first answer (status, body, location) and appends nothing; the same key with another
/// body is 422 <c>idempotency-key-reused</c>. An answer of 5xx is not kept, so the caller may retry.
/// </summary>
public sealed class IdempotentCommands(RequestDelegate next, IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is < 1 or > 200)
        {
            await Refuse(StatusCodes.Status400BadRequest, "idempotency-key-invalid", "An Idempotency-Key is 1 to 200 characters.").ExecuteAsync(context);
            return;
        }

        var id = $"{context.User.FindFirst("agency")?.Value}/{context.User.Identity.Name}/{key}";
        var hash = await RequestHashAsync(context.Request);
        if (await AnswerAsync(id, hash, wait: false, context.RequestAborted) is { } earlier)
        {
            await earlier.ExecuteAsync(context);
            return;
        }

        if (await CommittedAsync(id, context.RequestAborted))
        {
            // An earlier attempt committed its command under this key (its claim is in the command's transaction), and its
            // answer is being kept or was lost when the database dropped: never run the command a second time.
            var kept = await AnswerAsync(id, hash, wait: true, context.RequestAborted) ?? Refuse(StatusCodes.Status409Conflict, "idempotency-key-recorded",
                "The command sent with this key was recorded, but its answer was lost when the database dropped; read the resource to see it. Nothing was recorded again.");
            await kept.ExecuteAsync(context);
            return;
        }

        await RunAsync(context, new IdempotencyRecord(id, hash, clock.GetUtcNow().AddHours(options.Value.RetainHours)));
    }

    private async Task RunAsync(HttpContext context, IdempotencyRecord claim)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        context.Items[IdempotencyClaims.ClaimItem] = claim;
        try
        {
            await next(context);
        }
        catch (Exception racing) when (context.Items[IdempotencyClaims.ClaimItem] is null && LostTheRace(racing))
        {
            // Another request with this key committed first: this one's transaction, events included, was rolled back.
            context.Response.Body = original;
            context.Response.Clear();
            var first = await AnswerAsync(claim.Id, claim.RequestHash, wait: true, context.RequestAborted)
                ?? Refuse(StatusCodes.Status409Conflict, "idempotency-key-in-flight", "The first request with this key has not been answered yet; retry later.");
            await first.ExecuteAsync(context);
            return;
        }
        finally
        {
            context.Response.Body = original;
        }

        await KeepAsync(context, claim, captured.ToArray());
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task KeepAsync(HttpContext context, IdempotencyRecord claim, byte[] body)
    {
        var committed = context.Items[IdempotencyClaims.ClaimItem] is null;
        if (context.Response.StatusCode >= 500)
        {
            if (committed)
            {
                await using var failed = store.LightweightSession();
                failed.Delete<IdempotencyRecord>(claim.Id);
                await failed.SaveChangesAsync(CancellationToken.None);
            }

            return;
        }

        var answer = claim with
        {
            Status = context.Response.StatusCode,
            ContentType = context.Response.ContentType,
            Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            Body = Encoding.UTF8.GetString(body),
        };
        await using var session = store.LightweightSession();
        session.Store(answer);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The kept answer for this key, a refusal if it was used for another request, or null when the key is new (or expired).</summary>
    private async Task<IResult?> AnswerAsync(string id, string hash, bool wait, CancellationToken cancellation)
    {
        var until = clock.GetUtcNow().AddSeconds(wait ? options.Value.WaitSeconds : 0);
        while (true)
        {
            await using var query = store.QuerySession();
            var kept = await query.LoadAsync<IdempotencyRecord>(id, cancellation);
            if (kept is null && !wait)
            {
                return null;
            }

            if (kept is null)
            {
                // The request that claimed the key has committed; its answer is being kept.
                if (clock.GetUtcNow() >= until)
                {
                    return null;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
                continue;
            }

            if (kept.ExpiresAt < clock.GetUtcNow())
            {
                await using var expired = store.LightweightSession();
                expired.Delete<IdempotencyRecord>(id);
                await expired.SaveChangesAsync(cancellation);
                return null;
            }

            if (!string.Equals(kept.RequestHash, hash, StringComparison.Ordinal))
            {
                return Refuse(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used for another request.");
            }

            if (kept.Status != 0)
            {
                return new KeptAnswer(kept);
            }

            if (clock.GetUtcNow() >= until)
            {
                return Refuse(StatusCodes.Status409Conflict, "idempotency-key-in-flight", "The first request with this key has not been answered yet; retry later.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        }
    }

    /// <summary>Whether a command with this key has committed: its claim row, written in the command's own transaction, is there.</summary>
    private async Task<bool> CommittedAsync(string id, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var claims = await query.QueryAsync<int>(
            $"select 1 from {store.Options.DatabaseSchemaName}.{IdempotencyClaims.Table} where id = ? and expires_at >= now()", cancellation, id);
        return claims.Count > 0;
    }

    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(request.Path + request.QueryString + "\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Whether the claim failed on its primary key: another request with the key committed first.</summary>
    private static bool LostTheRace(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, TableName: IdempotencyClaims.Table })
            {
                return true;
            }
        }

        return false;
    }

    private static IResult Refuse(int status, string code, string title) => Results.Problem(Problem.Create(status, code, title));

    private sealed class KeptAnswer(IdempotencyRecord kept) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = kept.Status;
            httpContext.Response.ContentType = kept.ContentType;
            if (kept.Location is not null)
            {
                httpContext.Response.Headers.Location = kept.Location;
            }

            httpContext.Response.Headers["Idempotent-Replay"] = "true";
            await httpContext.Response.WriteAsync(kept.Body ?? "", httpContext.RequestAborted);
        }
    }
}

public static class IdempotencyServices
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration) => services
        .Configure<IdempotencyOptions>(configuration.GetSection(IdempotencyOptions.Section))
        .AddHostedService<IdempotencySweep>();
}

/// <summary>Every hour, forgets keys (and their answers) older than Idempotency:RetainHours; any node may do it, twice is harmless.</summary>
public sealed partial class IdempotencySweep(IDocumentStore store, TimeProvider clock, ILogger<IdempotencySweep> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception failed) when (failed is Npgsql.NpgsqlException or Marten.Exceptions.MartenCommandException or TimeoutException)
            {
                LogSweepFailed(logger, failed);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(record => record.ExpiresAt < now);
        session.QueueSqlCommand($"delete from {store.Options.DatabaseSchemaName}.{IdempotencyClaims.Table} where expires_at < ?", now);
        await session.SaveChangesAsync(cancellation);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting expired idempotency keys failed; the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
