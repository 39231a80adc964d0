namespace Ledger.Api.Hosting;

/// <summary>
/// Which web origins may call the API from a browser: exactly those listed under Cors:AllowedOrigins (none by default,
/// so a page served elsewhere cannot call the API with a visitor's token). Allowed origins may send GET and POST with
/// the headers this API reads, and see the headers it answers with beyond the simple ones.
/// </summary>
public static class CrossOrigin
{
    public const string Setting = "Cors:AllowedOrigins";

    public static IServiceCollection AddLedgerCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        return services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type", IdempotentCommands.Header)
            .WithExposedHeaders("Location", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    public static string[] AllowedOrigins(IConfiguration configuration) => configuration.GetSection(Setting).Get<string[]>() ?? [];

    /// <summary>An origin is a scheme, a host and perhaps a port: no wildcard, no path.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration) =>
        AllowedOrigins(configuration)
            .Where(origin => !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            .Select(origin => $"{Setting} holds '{origin}', which is not an origin (https://host[:port], no wildcard, no path).");
}
