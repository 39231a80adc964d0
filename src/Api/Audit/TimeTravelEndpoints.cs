using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Certificates;
using Ledger.Domain.Matters;
using Marten;
using Npgsql;

namespace Ledger.Api.Audit;

public sealed record AuditedEvent(long Version, long Position, Guid EventId, string Type, DateTimeOffset Timestamp, JsonElement Data, long? LeafIndex);

public sealed record StreamEvents(Guid Stream, string Kind, long Version, IReadOnlyList<AuditedEvent> Events);

public sealed record StateAsItWas(string Kind, Guid Id, long Version, DateTimeOffset At, object State);

/// <summary>Time travel: a stream's events with their log positions, and an aggregate as it was at a version or a time.</summary>
public static class TimeTravelEndpoints
{
    [WolverineGet("/api/audit/streams/{id}/events", OperationId = "getStreamEvents")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("A stream's events in version order, with global positions and leaf indices")]
    [EndpointDescription("`from` is the first version (default 1), `limit` 1 to 500 (default 100). `leafIndex` is null for an event the log has not reached yet.")]
    [ProducesResponseType<StreamEvents>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Events(Guid id, string? from, string? limit, IQuerySession session, IConfiguration configuration, CancellationToken cancellation)
    {
        if (!Number(from, 1, 1, long.MaxValue, out var first) || !Number(limit, 100, 1, 500, out var count))
        {
            return Problem400("from is a version of 1 or more; limit is 1 to 500.");
        }

        var state = await session.Events.FetchStreamStateAsync(id, cancellation);
        if (state is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "stream-not-found", $"There is no stream {id}."));
        }

        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).Where(e => e.Version >= first).Take((int)count).ToList();
        var leaves = await LeafIndicesAsync(configuration, events.Select(e => e.Sequence).ToArray(), cancellation);
        var serializer = session.DocumentStore.Options.Serializer();
        return Results.Ok(new StreamEvents(id, state.AggregateType?.Name.ToLowerInvariant() ?? "", state.Version,
            [.. events.Select(e => new AuditedEvent(e.Version, e.Sequence, e.Id, e.EventTypeName, e.Timestamp,
                JsonDocument.Parse(serializer.ToJson(e.Data)).RootElement.Clone(), leaves.TryGetValue(e.Sequence, out var leaf) ? leaf : null))]));
    }

    [WolverineGet("/api/audit/{kind}/{id}/state", OperationId = "getStateAsItWas")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("An aggregate as it was at a version or a time, by live aggregation")]
    [EndpointDescription("`kind` is agencies, matters, applications, bundles or certificates; give exactly one of `version` (1 or more) or `at` (ISO 8601).")]
    [ProducesResponseType<StateAsItWas>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> State(string kind, Guid id, string? version, string? at, IQuerySession session, CancellationToken cancellation)
    {
        if ((version is null) == (at is null))
        {
            return Problem400("Give exactly one of version or at.");
        }

        long wanted = 0;
        DateTimeOffset moment = default;
        if ((version is not null && !Number(version, 0, 1, long.MaxValue, out wanted))
            || (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment)))
        {
            return Problem400("version is a whole number of 1 or more; at is an ISO 8601 time.");
        }

        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        var reached = version is not null ? events.Where(e => e.Version <= wanted).ToList() : events.Where(e => e.Timestamp <= moment).ToList();
        if (events.Count == 0 || reached.Count == 0 || (version is not null && wanted > events[^1].Version))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, version is not null ? "version-not-found" : "no-state-at-time",
                version is not null ? $"Stream {id} has no version {wanted}." : $"Stream {id} had no events at {moment:u}."));
        }

        var last = reached[^1];
        object? state = kind switch
        {
            "agencies" => await session.Events.AggregateStreamAsync<Agency>(id, version: last.Version, token: cancellation),
            "matters" => await session.Events.AggregateStreamAsync<Matter>(id, version: last.Version, token: cancellation),
            "applications" => await session.Events.AggregateStreamAsync<Application>(id, version: last.Version, token: cancellation),
            "bundles" => await session.Events.AggregateStreamAsync<Bundle>(id, version: last.Version, token: cancellation),
            "certificates" => await session.Events.AggregateStreamAsync<Certificate>(id, version: last.Version, token: cancellation),
            _ => null,
        };
        return state is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "unknown-kind", $"'{kind}' is not a kind of aggregate, or stream {id} is not one.",
                "Kinds: agencies, matters, applications, bundles, certificates."))
            : Results.Ok(new StateAsItWas(kind, id, last.Version, last.Timestamp, state));
    }

    private static async Task<Dictionary<long, long>> LeafIndicesAsync(IConfiguration configuration, long[] positions, CancellationToken cancellation)
    {
        var leaves = new Dictionary<long, long>();
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Ledger"));
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("select seq_id, leaf_index from ledger.log_leaves where seq_id = any($1)", connection) { Parameters = { new() { Value = positions } } };
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            leaves[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return leaves;
    }

    private static bool Number(string? text, long fallback, long min, long max, out long value)
    {
        value = fallback;
        return text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    private static IResult Problem400(string detail) =>
        Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "A parameter is not acceptable.", detail));
}
