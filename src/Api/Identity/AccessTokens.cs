using Ledger.Domain.Identity;

namespace Ledger.Api.Identity;

/// <summary>
/// Bearer tokens: ES256 JWTs whose claims say which agency (<c>agency</c>, its credit code), which officer (<c>sub</c>)
/// and which roles (<c>role</c>). Production tokens come from the city's identity provider; the CLI's
/// <c>DevelopmentTokens</c> plays one for development and the tests.
/// </summary>
public static class AccessTokens
{
    public const string AgencyClaim = "agency";
    public const string OfficerClaim = "sub";
    public const string RoleClaim = "role";

    /// <summary>The actor a validated token speaks for.</summary>
    public static Actor ActorOf(ClaimsPrincipal user) =>
        new(user.FindFirstValue(AgencyClaim) ?? throw new IncompleteToken(AgencyClaim),
            user.FindFirstValue(OfficerClaim) ?? throw new IncompleteToken(OfficerClaim));
}

/// <summary>A valid token that does not say who acts: answered 403 <c>token-incomplete</c>, never 500.</summary>
public sealed class IncompleteToken(string claim) : Exception($"The bearer token carries no '{claim}' claim; every caller must name its agency and officer.")
{
}
