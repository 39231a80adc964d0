using System.Text.Json.Serialization;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Projections.Agencies;
using Ledger.Projections.Incidents;
using Marten;

using Severity = Ledger.Domain.Incidents.Severity;

namespace Ledger.Api.Open311;

/// <summary>A category of city problem as a GeoReport v2 service.</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string Keywords,
    [property: JsonPropertyName("group")] string Group);

public sealed record Open311AttributeValue([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("name")] string Name);

public sealed record Open311Attribute(
    [property: JsonPropertyName("variable")] bool Variable,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("datatype_description")] string? DatatypeDescription,
    [property: JsonPropertyName("order")] int Order,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("values")] IReadOnlyList<Open311AttributeValue>? Values);

public sealed record Open311ServiceDefinition(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("attributes")] IReadOnlyList<Open311Attribute> Attributes);

public static class ServiceEndpoints
{
    [WolverineGet("/open311/v2/services.json", OperationId = "open311ListServices")]
    [AllowAnonymous]
    [Tags("Open311")]
    [EndpointSummary("The published categories as Open311 (GeoReport v2) services")]
    [EndpointDescription("Each category of the catalogue at its current revision: `service_code` is the category code, `group` the department its cases go to unless the centre names another (its name when the agency is registered). Every service has a definition (`metadata`: true).")]
    [ProducesResponseType<IReadOnlyList<Open311Service>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Open311Service>> List(IQuerySession session, CancellationToken cancellation)
    {
        var entries = await session.Query<CategoryCatalogueEntry>().OrderBy(entry => entry.Code).ToListAsync(cancellation);
        var departments = await AgencyNamesAsync(session, entries.Select(entry => entry.Definition.DefaultDepartment), cancellation);
        return [.. entries.Select(entry => new Open311Service(
            entry.Code, entry.Definition.Name, $"{entry.Definition.Name}（{entry.Code}）", true, "realtime",
            string.Join(',', [entry.Definition.Name, .. entry.Code.ToLowerInvariant().Split('-')]), departments[entry.Definition.DefaultDepartment]))];
    }

    [WolverineGet("/open311/v2/services/{code}.json", OperationId = "open311GetServiceDefinition")]
    [AllowAnonymous]
    [Tags("Open311")]
    [EndpointSummary("What a service request of one category must and may carry (GeoReport v2 service definition)")]
    [EndpointDescription("`district` (one of Shanghai's 16 district codes) and `grid_cell` are required; `street` and `severity` are optional, `severity` being one of those the category sets time limits for, the lowest when absent; `attachment` is a photo's SHA-256. An unknown code is 404 in the standard's error-list form.")]
    [ProducesResponseType<Open311ServiceDefinition>(StatusCodes.Status200OK)]
    [ProducesResponseType<IReadOnlyList<Open311Error>>(StatusCodes.Status404NotFound, "application/json")]
    public static async Task<IResult> Definition(string code, IQuerySession session, CancellationToken cancellation)
    {
        var entry = await session.LoadAsync<CategoryCatalogueEntry>(Category.StreamId(code), cancellation);
        return entry is null ? Open311Errors.NotFound("unknown-category") : Results.Json(DefinitionOf(entry));
    }

    public static Open311ServiceDefinition DefinitionOf(CategoryCatalogueEntry entry)
    {
        var severities = entry.Definition.Limits.Select(limits => limits.Severity).Order().ToList();
        return new Open311ServiceDefinition(entry.Code,
        [
            new(true, "district", "singlevaluelist", true, null, 1, "所在区 (district)",
                [.. Districts.Shanghai.Select(district => new Open311AttributeValue(district.Code, district.Name))]),
            new(true, "grid_cell", "string", true, "网格编码, e.g. 310101-002-017: the district's code, a hyphen, the cell", 2, "所在网格 (grid cell)", null),
            new(true, "street", "string", false, "街道或镇, e.g. 外滩街道", 3, "所在街道/镇 (street or town)", null),
            new(true, "severity", "singlevaluelist", false, $"Default {severities[0]}", 4, "紧急程度 (severity)",
                [.. severities.Select(severity => new Open311AttributeValue(severity.ToString(), SeverityName(severity)))]),
            new(true, "attachment", "string", false, "SHA-256 of a photo, 64 hex digits; repeat the parameter or separate with commas for several", 5, "照片 (photo hash)", null),
        ]);
    }

    /// <summary>The name of each agency among <paramref name="codes"/> that is registered; the code itself for one that is not.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> AgencyNamesAsync(IQuerySession session, IEnumerable<string> codes, CancellationToken cancellation)
    {
        var distinct = codes.Distinct(StringComparer.Ordinal).ToList();
        var profiles = distinct.Count == 0 ? [] : await session.LoadManyAsync<AgencyProfile>(cancellation, distinct.Select(StreamIds.ForAgency));
        var names = profiles.ToDictionary(profile => profile.CreditCode, profile => profile.Name, StringComparer.Ordinal);
        return distinct.ToDictionary(code => code, code => names.GetValueOrDefault(code, code), StringComparer.Ordinal);
    }

    private static string SeverityName(Severity severity) => severity switch
    {
        Severity.Routine => "一般",
        Severity.Urgent => "紧急",
        _ => "特急",
    };
}
