using Marten;

namespace Ledger.Api.Audit;

public sealed record StreamSummary(Guid Id, string Kind, long Version, DateTimeOffset Created, DateTimeOffset LastChanged);

/// <summary>Browsing the event store's streams, newest change first: where an auditor starts.</summary>
public static class StreamListEndpoint
{
    private static readonly string[] Kinds = ["agency", "matter", "application", "bundle", "certificate", "checkpoint_record", "category", "case"];

    [WolverineGet("/api/audit/streams", OperationId = "listStreams")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("Streams, most recently changed first")]
    [EndpointDescription("`kind` is one of agency, matter, application, bundle, certificate, checkpoint_record (all when absent); `limit` 1 to 200 (default 50).")]
    [ProducesResponseType<IReadOnlyList<StreamSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(string? kind, string? limit, IQuerySession session, CancellationToken cancellation)
    {
        if (kind is not null && !Kinds.Contains(kind, StringComparer.Ordinal))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Unknown stream kind.", $"kind is one of {string.Join(", ", Kinds)}."));
        }

        if (!QueryParameters.TryWholeNumber(limit, "limit", 50, out var count, out var problem, min: 1, max: 200))
        {
            return problem!;
        }

        var rows = await session.QueryAsync<StreamSummary>(
            "select jsonb_build_object('id', id, 'kind', coalesce(type, ''), 'version', version, 'created', created, 'lastChanged', timestamp) "
            + $"from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where (? = '' or type = ?) order by timestamp desc limit ?",
            cancellation, kind ?? "", kind ?? "", count);
        return Results.Ok(rows);
    }
}
