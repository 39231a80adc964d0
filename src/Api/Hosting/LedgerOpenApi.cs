using Scalar.AspNetCore;

namespace Ledger.Api.Hosting;

public static class LedgerOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ledger";
            document.Info.Version = "v1";
            document.Info.Description =
                "Event-sourced, tamper-evident governance ledger for a city's digital government. "
                + "Every refusal is an RFC 9457 problem with a stable `code`.";
            // The document is a checked-in contract (specs/openapi.json): it must not depend on the host that served it.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));

    public static void MapLedgerOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Ledger API").WithOpenApiRoutePattern(DocumentPath));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
    }
}
