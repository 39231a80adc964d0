using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Ledger.Api.Identity;

public static class LedgerAuthentication
{
    public static IServiceCollection AddLedgerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var issuer = configuration["Auth:Issuer"] ?? throw new InvalidOperationException("Auth:Issuer is not configured.");
        var audience = configuration["Auth:Audience"] ?? throw new InvalidOperationException("Auth:Audience is not configured.");
        var keys = VerificationKeys(configuration);
        var maxLifetime = TimeSpan.FromHours(configuration.GetValue("Auth:MaxLifetimeHours", 8.0));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer,
                ValidAudience = audience,
                IssuerSigningKeys = keys,
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                NameClaimType = AccessTokens.OfficerClaim,
                RoleClaimType = AccessTokens.RoleClaim,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                LifetimeValidator = (notBefore, expires, _, parameters) => ShortLived(notBefore, expires, parameters.ClockSkew, maxLifetime),
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// A token is taken only between its not-before and its expiry (give or take the clock skew), and only if it was issued
    /// to last at most <paramref name="maxLifetime"/> (Auth:MaxLifetimeHours, 8 by default): a stolen token is soon worthless.
    /// </summary>
    public static bool ShortLived(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeSpan maxLifetime)
    {
        var now = DateTime.UtcNow;
        return expires is { } until
            && now <= until + skew
            && (notBefore is not { } from || now >= from - skew)
            && until - (notBefore ?? now) <= maxLifetime;
    }

    /// <summary>Public keys (PEM) that may sign tokens: inline under Auth:PublicKeys, or in files under Auth:PublicKeyFiles.</summary>
    internal static List<SecurityKey> VerificationKeys(IConfiguration configuration)
    {
        var pems = configuration.GetSection("Auth:PublicKeys").Get<string[]>() ?? [];
        var files = configuration.GetSection("Auth:PublicKeyFiles").Get<string[]>() ?? [];
        var keys = pems.Select((pem, index) => (Setting: $"Auth:PublicKeys:{index}", Pem: pem))
            .Concat(files.Select((file, index) => (Setting: $"Auth:PublicKeyFiles:{index}", Pem: ReadKeyFile($"Auth:PublicKeyFiles:{index}", file))))
            .Select(configured =>
            {
                var key = ECDsa.Create();
                try
                {
                    key.ImportFromPem(configured.Pem);
                }
                catch (ArgumentException notAKey)
                {
                    key.Dispose();
                    throw new InvalidOperationException($"{configured.Setting} is not a PEM public key (P-256): {notAKey.Message}", notAKey);
                }

                return (SecurityKey)new ECDsaSecurityKey(key);
            })
            .ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("No token signing keys: set Auth:PublicKeys or Auth:PublicKeyFiles (see README).");
        }

        return keys;
    }

    private static string ReadKeyFile(string setting, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"{setting} names '{path}', which cannot be read: {unreadable.Message}", unreadable);
        }
    }
}
