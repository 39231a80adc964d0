using System.Globalization;
using System.Text.Json;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Certificates;
using Ledger.Domain.Matters;
using Marten;

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
    public static async Task<IResult> Events(Guid id, string? from, string? limit, IQuerySession session, LedgerLog log, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(from, "from", 1, out var first, out var problem, min: 1)
            || !QueryParameters.TryWholeNumber(limit, "limit", 100, out var count, out problem, min: 1, max: 500))
        {
            return problem!;
        }

        var state = await session.Events.FetchStreamStateAsync(id, cancellation);
        if (state is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "stream-not-found", $"There is no stream {id}."));
        }

        var events = (await session.Events.FetchStreamAsync(id, token: cancellation)).Where(e => e.Version >= first).Take((int)count).ToList();
        var leaves = await log.Store.LeafIndicesAsync(events.Select(e => e.Sequence).ToArray(), cancellation);
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
            return QueryParameters.Invalid("version", "Give exactly one of version or at.");
        }

        DateTimeOffset moment = default;
        if (!QueryParameters.TryWholeNumber(version, "version", 0, out var wanted, out var problem, min: 1))
        {
            return problem!;
        }

        if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out moment))
        {
            return QueryParameters.Invalid("at", "at is an ISO 8601 time.");
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
}
