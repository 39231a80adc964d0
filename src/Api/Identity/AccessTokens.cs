using System.Security.Cryptography;
using Ledger.Domain.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ledger.Api.Identity;

/// <summary>
/// Bearer tokens: ES256 JWTs whose claims say which agency (<c>agency</c>, its credit code), which officer (<c>sub</c>)
/// and which roles (<c>role</c>). Production tokens come from the city's identity provider; <see cref="Mint"/> is what
/// the development CLI and the tests use to play one.
/// </summary>
public static class AccessTokens
{
    public const string AgencyClaim = "agency";
    public const string OfficerClaim = "sub";
    public const string RoleClaim = "role";

    public static string Mint(ECDsa signingKey, string issuer, string audience, Actor actor, IEnumerable<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new List<Claim> { new(AgencyClaim, actor.Agency), new(OfficerClaim, actor.Officer) };
        claims.AddRange(roles.Select(role => new Claim(RoleClaim, role)));
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

    /// <summary>The actor a validated token speaks for.</summary>
    public static Actor ActorOf(ClaimsPrincipal user) =>
        new(user.FindFirstValue(AgencyClaim) ?? throw new IncompleteToken(AgencyClaim),
            user.FindFirstValue(OfficerClaim) ?? throw new IncompleteToken(OfficerClaim));
}

/// <summary>A valid token that does not say who acts: answered 403 <c>token-incomplete</c>, never 500.</summary>
public sealed class IncompleteToken(string claim) : Exception($"The bearer token carries no '{claim}' claim; every caller must name its agency and officer.")
{
}
