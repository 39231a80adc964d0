using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.Health;

public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddLedgerHealth(this IServiceCollection services)
    {
        services.AddHttpClient<ChainReady>(client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddHealthChecks()
            .AddCheck<PostgresReady>("postgresql", tags: [Ready])
            .AddCheck<ChainReady>("chain", tags: [Ready]);
        return services;
    }

    public static void MapLedgerHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReport })
            .WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReport })
            .WithTags("Health");
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description },
                StringComparer.Ordinal),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
