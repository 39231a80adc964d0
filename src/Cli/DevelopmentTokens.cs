using System.Security.Claims;
using System.Security.Cryptography;
using Ledger.Domain.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ledger.Cli;

/// <summary>
/// Plays the city's identity provider for development and tests: an ES256 JWT with the claims the API reads (the agency's
/// credit code in <c>agency</c>, the officer in <c>sub</c>, each role in <c>role</c>; see the API's <c>AccessTokens</c>).
/// </summary>
public static class DevelopmentTokens
{
    public static string Mint(ECDsa signingKey, string issuer, string audience, Actor actor, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new List<Claim> { new("agency", actor.Agency), new("sub", actor.Officer) };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(signingKey), SecurityAlgorithms.EcdsaSha256),
        });
    }
}
