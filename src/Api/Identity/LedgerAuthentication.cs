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
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Public keys (PEM) that may sign tokens: inline under Auth:PublicKeys, or in files under Auth:PublicKeyFiles.</summary>
    private static List<SecurityKey> VerificationKeys(IConfiguration configuration)
    {
        var pems = configuration.GetSection("Auth:PublicKeys").Get<string[]>() ?? [];
        var files = configuration.GetSection("Auth:PublicKeyFiles").Get<string[]>() ?? [];
        var keys = pems.Concat(files.Select(File.ReadAllText))
            .Select(pem =>
            {
                var key = ECDsa.Create();
                key.ImportFromPem(pem);
                return (SecurityKey)new ECDsaSecurityKey(key);
            })
            .ToList();
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("No token signing keys: set Auth:PublicKeys or Auth:PublicKeyFiles (see README).");
        }

        return keys;
    }
}
