using System.Text.Json;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Ledger.Api.Matters;
using Ledger.Domain.Rules;
using Microsoft.AspNetCore.Diagnostics;

namespace Ledger.Api.Problems;

/// <summary>Turns the exceptions a caller can provoke into problems with stable codes; anything else is logged and answered 500.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, StreamsInForce inForce, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ConcurrencyException conflict => await VersionConflict(httpContext, conflict, cancellationToken),
            ExistingStreamIdCollisionException => Problem.Create(
                StatusCodes.Status409Conflict, Problem.AlreadyExists, "It already exists.", "A stream with this identity was started before; it is never started twice."),
            IncompleteToken incomplete => Problem.Create(StatusCodes.Status403Forbidden, "token-incomplete", "The token does not say who acts.", incomplete.Message),
            RuleBroken broken => Problem.Create(StatusCodes.Status422UnprocessableEntity, broken.Code, "The command breaks a rule.", broken.Message),
            _ when StreamsInForce.IsRevisedMeanwhile(exception) => DefinitionRevised(),
            _ when DatabaseUnavailable(exception) || exception is Hosting.ApiStoppingException => Unavailable(httpContext),
            Ledger.Integrity.Privacy.VaultTamperedException tampered => VaultTampered(tampered),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem.Create(
                StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", exception.Message),
            BadHttpRequestException or JsonException => Problem.Unreadable(Unwrap(exception).Message),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception);
            problem = Problem.Create(StatusCodes.Status500InternalServerError, Problem.Internal, "The server failed to handle the request.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A matter or category was revised between reading it and committing a command judged against it: forget every cached definition, record nothing.</summary>
    private ProblemDetails DefinitionRevised()
    {
        inForce.ForgetAll();
        return Problem.Create(StatusCodes.Status409Conflict, "definition-revised", "The matter or category was revised meanwhile.",
            "It was revised while this command was being decided; nothing was recorded. Send the command again to have it judged against the revision now in force.");
    }

    /// <summary>
    /// A stale expected version: tell the caller the version the stream is at now, so it can re-read and decide again. An
    /// expected version on a stream that does not exist is what <c>[WriteAggregate]</c> meets for an unknown id (Marten checks
    /// the version as it fetches, before Wolverine's own 404): that is a 404, not a conflict.
    /// </summary>
    private static async Task<ProblemDetails> VersionConflict(HttpContext httpContext, ConcurrencyException conflict, CancellationToken cancellation)
    {
        var streamId = conflict.Id as Guid?;
        var state = streamId is { } id
            ? await httpContext.RequestServices.GetRequiredService<IQuerySession>().Events.FetchStreamStateAsync(id, cancellation)
            : null;
        if (streamId is { } missing && state is null)
        {
            // The exception handler clears the request's route values before it runs; the feature keeps those of the failed request.
            var named = (httpContext.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? httpContext.Request.RouteValues)
                .Where(value => value.Key is "creditCode" or "code" or "id")
                .Select(value => $"{value.Key} {value.Value}")
                .FirstOrDefault() ?? missing.ToString();
            return Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, "No such stream.", $"Nothing is recorded under {named}.");
        }

        var problem = Problem.Create(
            StatusCodes.Status409Conflict, Problem.VersionConflict, "The stream has moved on since you read it.",
            "The expected version is not the stream's current version; read it again and retry with the current version.");
        if (streamId is { } moved)
        {
            problem.Extensions["streamId"] = moved;
            problem.Extensions["currentVersion"] = state?.Version;
        }

        return problem;
    }

    /// <summary>
    /// The database is down, restarting, refusing connections or out of them (SQLSTATE class 53): nothing the caller did, and nothing was appended (the
    /// transaction never committed). 503 with Retry-After; the connection pool reconnects by itself once it is back.
    /// </summary>
    private static bool DatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Net.Sockets.SocketException
                || current is Npgsql.PostgresException { SqlState: var state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal))
                || current is Npgsql.NpgsqlException { IsTransient: true } and not Npgsql.PostgresException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value in the vault no longer decrypts or opens its commitment: someone changed the database behind the API.</summary>
    private ProblemDetails VaultTampered(Ledger.Integrity.Privacy.VaultTamperedException tampered)
    {
        LogVaultTampered(logger, tampered.Commitment);
        return Problem.Create(StatusCodes.Status500InternalServerError, "personal-data-integrity", "A personal value in the vault failed its integrity check.",
            "The value was not shown. The ledger's operators have been alerted.");
    }

    private static ProblemDetails Unavailable(HttpContext httpContext)
    {
        // The pooled connections may all be broken (a restarted server cut them): drop them, so that the first requests
        // after the database is back open new ones instead of failing once on each stale one.
        Npgsql.NpgsqlConnection.ClearAllPools();
        httpContext.Response.Headers.RetryAfter = "5";
        if (CommittedWrite.IsMarked(httpContext, out var location))
        {
            // The commit went through before the database dropped: say so, or the caller sends the command again.
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            var recorded = Problem.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "The ledger's database is not reachable right now.",
                "It was recorded, but the database dropped before the answer could be read back: do not send it again; read it"
                + (location is null ? "" : " at " + location) + " once the database answers.");
            recorded.Extensions["recorded"] = true;
            return recorded;
        }

        return Problem.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "The ledger's database is not reachable right now.",
            "Nothing was recorded. Try again in a few seconds.");
    }

    private static Exception Unwrap(Exception exception) => exception.InnerException is JsonException json ? json : exception;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The vault holds a value that fails its integrity check (commitment {Commitment}): it was changed behind the API")]
    private static partial void LogVaultTampered(ILogger logger, string? commitment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while serving a request")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
