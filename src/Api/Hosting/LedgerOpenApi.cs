using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Ledger.Api.Hosting;

public static class LedgerOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string BearerScheme = "bearer";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Ledger";
                document.Info.Version = "v1";
                document.Info.Description =
                    "Event-sourced, tamper-evident governance ledger for a city's digital government. "
                    + "Every refusal is an RFC 9457 problem with a stable `code`. "
                    + "Callers authenticate with an ES256 JWT bearer token whose `role` claims say what they may do; each operation names the roles it allows.";
                // The document is a checked-in contract (specs/openapi.json): it must not depend on the host that served it.
                document.Servers?.Clear();
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An ES256 JWT from the city's identity provider (locally: `ledger token`), with `agency`, `sub`, `role` and `exp` claims.",
                };
                OnlyCreatedForCreations(document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                ValidationLimits.Apply(schema, context.JsonTypeInfo.Type, context.ApplicationServices);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                ProblemBodies(operation, context.Document);

                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                var roles = metadata.OfType<IAuthorizeData>()
                    .SelectMany(authorize => (authorize.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                DocumentIdempotencyKey(operation, context.Description.HttpMethod);
                var who = roles.Count == 0 ? "Any authenticated caller." : "Roles: " + string.Join(", ", roles) + ".";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? who : operation.Description + " " + who;
                return Task.CompletedTask;
            });
        });

    /// <summary>Every refusal is a problem: an error response some framework part documented without a body gets one.</summary>
    private static void ProblemBodies(OpenApiOperation operation, OpenApiDocument? document)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is [('4' or '5'), ..] && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                };
            }
        }
    }

    /// <summary>Every command a token may send takes an Idempotency-Key (see <see cref="IdempotentCommands"/>).</summary>
    private static void DocumentIdempotencyKey(OpenApiOperation operation, string? method)
    {
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotentCommands.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the command safe to send again: a repeat with the same key and body gets the first answer and records nothing; "
                + "the same key with another body is 422 idempotency-key-reused. Keys are the caller's own and kept for Idempotency:RetainHours.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 },
        });
    }

    /// <summary>A command that starts a stream answers 201 only; Wolverine also lists its read model as a 200.</summary>
    private static void OnlyCreatedForCreations(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.Responses is { } responses && responses.ContainsKey("201"))
            {
                responses.Remove("200");
            }
        }
    }

    public static void MapLedgerOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference("/docs", scalar => scalar
            .WithTitle("Ledger API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes(BearerScheme));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
    }
}
