using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ledger.Api.Verification;

/// <summary>
/// Public verification is rate limited per client address (a fixed window per minute, Verification:PermitsPerMinute);
/// a caller over the limit gets 429 with a problem and Retry-After. Other endpoints are not limited here.
/// </summary>
public static class VerificationRateLimit
{
    public static IServiceCollection AddVerification(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Verification:PermitsPerMinute", 120);
        services.AddScoped<CertificateVerifier>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api/verify", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            limiter.OnRejected = async (context, cancellation) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(Problem.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many verifications from this address.",
                    $"At most {permits} verifications a minute; try again in a minute.")).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
