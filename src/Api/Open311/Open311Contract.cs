using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Api.Open311;

/// <summary>
/// The form a service request is posted as, for the OpenAPI document: the endpoint reads the form itself (GeoReport v2
/// names such as <c>attribute[district]</c> are no C# names), so nothing else would describe its body.
/// </summary>
public static class Open311Contract
{
    private static readonly (string Name, string Description, bool Required)[] Fields =
    [
        ("api_key", "The channel's key (POST /api/open311/keys).", true),
        ("service_code", "The category's code (GET /open311/v2/services.json).", true),
        ("lat", "WGS84 latitude, with long; or give address_string.", false),
        ("long", "WGS84 longitude, with lat.", false),
        ("address_string", "The reporter's own words for where: kept in the vault only, never read back.", false),
        ("description", "What is wrong.", true),
        ("attribute[district]", "One of Shanghai's 16 district codes.", true),
        ("attribute[grid_cell]", "The grid cell's code, beginning with the district's code and a hyphen.", true),
        ("attribute[street]", "The street (街道) or town (镇).", false),
        ("attribute[severity]", "One of the severities of the service's definition; the lowest when absent.", false),
        ("attribute[attachment]", "A photo's SHA-256 (64 hex digits); repeat, or separate with commas, for several.", false),
        ("first_name", "The reporter's given name: vault only.", false),
        ("last_name", "The reporter's family name: vault only.", false),
        ("phone", "The reporter's phone: vault only.", false),
        ("email", "The reporter's e-mail address: vault only.", false),
        ("device_id", "Ignored.", false),
        ("account_id", "Ignored.", false),
    ];

    public static IServiceCollection AddOpen311Contract(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer(Describe));

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (!string.Equals(operation.OperationId, "open311PostServiceRequest", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(Fields.Where(field => field.Required).Select(field => field.Name), StringComparer.Ordinal),
            Properties = Fields.ToDictionary(field => field.Name, field => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String, Description = field.Description }, StringComparer.Ordinal),
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/x-www-form-urlencoded"] = new() { Schema = schema } },
        };
        return Task.CompletedTask;
    }
}
