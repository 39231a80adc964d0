namespace Ledger.Api.Verification;

/// <summary>Public verification's services; its rate limit per client address is one of <see cref="Hosting.RateLimits"/>.</summary>
public static class VerificationServices
{
    public static IServiceCollection AddVerification(this IServiceCollection services) => services.AddScoped<CertificateVerifier>();
}
