using System.Globalization;
using System.Text.Json.Serialization;
using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Marten;

namespace Ledger.Api.Open311;

/// <summary>
/// A case as a GeoReport v2 service request. Nothing of the reporter is here, nor the address they gave: <c>address</c> is
/// the case's district and street. <c>leaf_index</c> (an extension) is the log leaf of the case's latest event, for its
/// inclusion proof (<c>/api/ledger/proofs/inclusion</c>), or null until the log has taken it in.
/// </summary>
public sealed record ServiceRequestView(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string StatusNotes,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("agency_responsible")] string AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("address_id")] string? AddressId,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("lat")] double? Lat,
    [property: JsonPropertyName("long")] double? Long,
    [property: JsonPropertyName("media_url")] string? MediaUrl,
    [property: JsonPropertyName("leaf_index")] long? LeafIndex)
{
    public static ServiceRequestView Of(CaseStatus status, IReadOnlyDictionary<string, string> agencyNames, IReadOnlyDictionary<long, long> leaves)
    {
        var @case = status.Case;
        var agency = agencyNames[Responsible(@case)];
        var location = @case.Location;
        return new ServiceRequestView(
            status.Id.ToString(), IsClosed(@case.Stage) ? "closed" : "open", Notes(@case, agency), @case.Category.Name, @case.CategoryCode, status.Description,
            agency, PostServiceRequestEndpoint.Notice, @case.ReportedAt, status.LastEventAt, @case.IsOpen ? @case.HandleBy : null,
            Districts.Find(location.District)?.Name + location.Street, null, null, location.Latitude, location.Longitude, null,
            leaves.TryGetValue(status.LastPosition, out var leaf) ? leaf : null);
    }

    /// <summary>The department the case is with, or the one its category sends it to before it is dispatched.</summary>
    public static string Responsible(Case @case) => @case.Department ?? @case.Category.DefaultDepartment;

    public static bool IsClosed(CaseStage stage) => stage is CaseStage.Closed or CaseStage.NotRegistered or CaseStage.Merged;

    /// <summary>Said from the stage the latest step left the case in, never from anyone's free text (which may name a person).</summary>
    private static string Notes(Case @case, string agency) => @case.Stage switch
    {
        CaseStage.Reported => "已受理，待立案",
        CaseStage.AwaitingDispatch => "已立案，待派遣",
        CaseStage.Dispatched => "已派遣至 " + agency,
        CaseStage.InHandling => agency + " 已签收，处置中",
        CaseStage.OnHold => "挂账处置中",
        CaseStage.Handled => "已处置，待核查",
        CaseStage.Verified => "核查通过，待结案",
        CaseStage.Closed => "已结案",
        CaseStage.NotRegistered => "不予立案",
        _ => "已并入案件 " + @case.OriginalCaseId,
    };
}

public static class ServiceRequestEndpoints
{
    public const int MaxResults = 1000;
    public const int MaxSpanDays = 90;

    [WolverineGet("/open311/v2/requests.json", OperationId = "open311ListServiceRequests")]
    [AllowAnonymous]
    [Tags("Open311")]
    [EndpointSummary("Cases as Open311 (GeoReport v2) service requests")]
    [EndpointDescription("A public read: no api_key. `service_request_id` (comma-separated) overrides every other filter. Otherwise `service_code`, `status` (open, or closed: closed, not registered or merged) and `start_date`/`end_date` (ISO 8601, on the time requested; by default the last 90 days, and never more than 90) filter; newest first, at most 1000.")]
    [ProducesResponseType<IReadOnlyList<ServiceRequestView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<IReadOnlyList<Open311Error>>(StatusCodes.Status400BadRequest, "application/json")]
    public static async Task<IResult> List(
        [FromQuery(Name = "service_request_id")] string? ids, [FromQuery(Name = "service_code")] string? serviceCode,
        [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate, string? status,
        IQuerySession session, LedgerLog log, TimeProvider time, CancellationToken cancellation)
    {
        var query = session.Query<CaseStatus>().AsQueryable();
        if (ids is not null)
        {
            var wanted = ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => Guid.TryParse(id, CultureInfo.InvariantCulture, out var parsed) ? parsed : Guid.Empty).Distinct().Take(MaxResults).ToArray();
            return Results.Json(await ViewsAsync(session, log, await session.LoadManyAsync<CaseStatus>(cancellation, wanted), cancellation));
        }

        var (from, until) = Period(startDate, endDate, time.GetUtcNow());
        query = query.Where(row => row.Case.ReportedAt >= from && row.Case.ReportedAt <= until);
        if (serviceCode is not null)
        {
            query = query.Where(row => row.CategoryCode == serviceCode);
        }

        query = status switch
        {
            null => query,
            "open" => query.Where(row => !ClosedStages.Contains(row.Stage)),
            "closed" => query.Where(row => ClosedStages.Contains(row.Stage)),
            _ => throw new Open311Refusal(StatusCodes.Status400BadRequest, "status is open or closed."),
        };
        var rows = await query.OrderByDescending(row => row.Case.ReportedAt).Take(MaxResults).ToListAsync(cancellation);
        return Results.Json(await ViewsAsync(session, log, rows, cancellation));
    }

    [WolverineGet("/open311/v2/requests/{id}.json", OperationId = "open311GetServiceRequest")]
    [AllowAnonymous]
    [Tags("Open311")]
    [EndpointSummary("One case as an Open311 (GeoReport v2) service request")]
    [EndpointDescription("A public read: an array of one, as the standard has it; 404 in the standard's error-list form for an unknown id.")]
    [ProducesResponseType<IReadOnlyList<ServiceRequestView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<IReadOnlyList<Open311Error>>(StatusCodes.Status404NotFound, "application/json")]
    public static async Task<IResult> Get(string id, IQuerySession session, LedgerLog log, CancellationToken cancellation)
    {
        var row = Guid.TryParse(id, CultureInfo.InvariantCulture, out var caseId) ? await session.LoadAsync<CaseStatus>(caseId, cancellation) : null;
        return row is null ? Open311Errors.NotFound("unknown-service-request") : Results.Json(await ViewsAsync(session, log, [row], cancellation));
    }

    private static readonly string[] ClosedStages = [nameof(CaseStage.Closed), nameof(CaseStage.NotRegistered), nameof(CaseStage.Merged)];

    private static (DateTimeOffset From, DateTimeOffset Until) Period(string? startDate, string? endDate, DateTimeOffset now)
    {
        var start = Date(startDate, "start_date");
        var end = Date(endDate, "end_date");
        var until = end ?? (start is { } given ? given.AddDays(MaxSpanDays) : now);
        var from = start ?? until.AddDays(-MaxSpanDays);
        if (from > until || until - from > TimeSpan.FromDays(MaxSpanDays))
        {
            throw new Open311Refusal(StatusCodes.Status400BadRequest, $"start_date is before end_date, at most {MaxSpanDays} days before it.");
        }

        return (from, until);
    }

    private static DateTimeOffset? Date(string? text, string name) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
        : throw new Open311Refusal(StatusCodes.Status400BadRequest, $"{name} is an ISO 8601 date and time.");

    private static async Task<IReadOnlyList<ServiceRequestView>> ViewsAsync(IQuerySession session, LedgerLog log, IReadOnlyList<CaseStatus> rows, CancellationToken cancellation)
    {
        var names = await ServiceEndpoints.AgencyNamesAsync(session, rows.Select(row => ServiceRequestView.Responsible(row.Case)), cancellation);
        var leaves = rows.Count == 0 ? new Dictionary<long, long>() : await log.Store.LeafIndicesAsync([.. rows.Select(row => row.LastPosition)], cancellation);
        return [.. rows.Select(row => ServiceRequestView.Of(row, names, leaves))];
    }
}
