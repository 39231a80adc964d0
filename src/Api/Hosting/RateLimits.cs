using System.Globalization;
using System.Threading.RateLimiting;
using Ledger.Api.Identity;

namespace Ledger.Api.Hosting;

/// <summary>
/// Two limits, each a fixed window of a minute: public verification per client address (Verification:PermitsPerMinute,
/// 120), and writes (every POST, PUT, PATCH and DELETE under /api and /open311) per caller (RateLimits:WritesPerMinute,
/// 3,000): the token's agency and officer, or the client address for an anonymous write. Reads with a token are not limited.
/// A caller over a limit gets 429 <c>rate-limited</c> with Retry-After, and nothing is appended.
/// </summary>
public static class RateLimits
{
    public const string Section = "RateLimits";

    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var verifications = configuration.GetValue("Verification:PermitsPerMinute", 120);
        var writes = configuration.GetValue($"{Section}:WritesPerMinute", 3000);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Limit(context) switch
            {
                Limited.Verification => PerMinute("verify " + Address(context), verifications),
                Limited.Write => PerMinute("write " + Caller(context), writes),
                _ => RateLimitPartition.GetNoLimiter("unlimited"),
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var (what, permits) = Limit(context) == Limited.Verification ? ("verifications from this address", verifications) : ("writes by this caller", writes);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "60";
                await Results.Problem(Problem.Create(StatusCodes.Status429TooManyRequests, "rate-limited", $"Too many {what}.",
                    $"At most {permits.ToString(CultureInfo.InvariantCulture)} {what} a minute; try again in a minute. Nothing was recorded.")).ExecuteAsync(context);
            };
        });
        return services;
    }

    private enum Limited
    {
        None,
        Verification,
        Write,
    }

    private static Limited Limit(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/verify", StringComparison.OrdinalIgnoreCase))
        {
            return Limited.Verification;
        }

        var writing = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
        return writing && (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase))
            ? Limited.Write
            : Limited.None;
    }

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static string Caller(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? $"{context.User.FindFirst(AccessTokens.AgencyClaim)?.Value}/{context.User.FindFirst(AccessTokens.OfficerClaim)?.Value}"
            : "anonymous " + Address(context);

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
