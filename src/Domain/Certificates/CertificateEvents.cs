using Ledger.Domain.Identity;

namespace Ledger.Domain.Certificates;

/// <param name="ApplicationId">The approved application it was issued for; null when issued directly by an authorised issuer.</param>
/// <param name="Supersedes">The certificate this one renews, if any.</param>
public sealed record CertificateIssued(
    Guid CertificateId, string Identifier, Guid? ApplicationId, Guid? Supersedes, CertificateOnRecord Content, string ContentHash, Seal Seal, Actor By, DateTimeOffset At);

public sealed record CertificateSuspended(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateReinstated(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateRevoked(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateSuperseded(Guid CertificateId, Guid SupersededBy, string NewIdentifier, Actor By, DateTimeOffset At);

/// <summary>The holder, through the portal, lets <paramref name="Agency"/> use the certificate for <paramref name="Purpose"/> until <paramref name="Until"/> (用证授权).</summary>
public sealed record ConsentGranted(Guid CertificateId, Guid ConsentId, string Agency, string Purpose, DateTimeOffset Until, Actor By, DateTimeOffset At);

public sealed record ConsentWithdrawn(Guid CertificateId, Guid ConsentId, Actor By, DateTimeOffset At);

/// <summary>An agency used the certificate under a live consent: the auditable trace of cross-agency sharing.</summary>
public sealed record CertificateUsed(Guid CertificateId, Guid ConsentId, string Agency, string Purpose, Actor By, DateTimeOffset At);
