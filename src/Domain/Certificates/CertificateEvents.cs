using Ledger.Domain.Identity;

namespace Ledger.Domain.Certificates;

/// <param name="ApplicationId">The approved application it was issued for; null when issued directly by an authorised issuer.</param>
/// <param name="Supersedes">The certificate this one renews, if any.</param>
public sealed record CertificateIssued(
    Guid CertificateId, string Identifier, Guid? ApplicationId, Guid? Supersedes, CertificateContent Content, string ContentHash, Seal Seal, Actor By, DateTimeOffset At);

public sealed record CertificateSuspended(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateReinstated(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateRevoked(Guid CertificateId, string Reason, Actor By, DateTimeOffset At);

public sealed record CertificateSuperseded(Guid CertificateId, Guid SupersededBy, string NewIdentifier, Actor By, DateTimeOffset At);
