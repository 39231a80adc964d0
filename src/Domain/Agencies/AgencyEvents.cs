using Ledger.Domain.Identity;

namespace Ledger.Domain.Agencies;

/// <param name="CertificateTypes">Certificate type codes this agency may issue directly, without an application.</param>
public sealed record AgencyRegistered(
    string CreditCode, string Name, string District, IReadOnlyList<string> CertificateTypes, Actor By, DateTimeOffset At);

/// <param name="PublicKey">The seal's public key, base64 of its DER SubjectPublicKeyInfo. The private key stays with the agency.</param>
public sealed record SealKeyRegistered(
    string CreditCode, string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, Actor By, DateTimeOffset At);

public sealed record SealKeyRetired(string CreditCode, string KeyId, string Reason, Actor By, DateTimeOffset At);
