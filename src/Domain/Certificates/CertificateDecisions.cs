using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Certificates;

/// <param name="ApplicationId">The approved application this certificate is issued for, or null to issue directly.</param>
public sealed record IssueCertificate(Guid CertificateId, Guid? ApplicationId, CertificateContent Content, Seal Seal, Actor By);

public sealed record RenewCertificate(Guid CertificateId, long Version, Guid NewCertificateId, CertificateContent Content, Seal Seal, Actor By);

public sealed record SuspendCertificate(Guid CertificateId, long Version, string Reason, Actor By);

public sealed record ReinstateCertificate(Guid CertificateId, long Version, string Reason, Actor By);

public sealed record RevokeCertificate(Guid CertificateId, long Version, string Reason, Actor By);

/// <param name="Agency">The agency (credit code) that may use the certificate.</param>
public sealed record GrantConsent(Guid CertificateId, long Version, Guid ConsentId, string Agency, string Purpose, DateTimeOffset Until, Actor By);

public sealed record WithdrawConsent(Guid CertificateId, long Version, Guid ConsentId, Actor By);

public sealed record UseCertificate(Guid CertificateId, long Version, Guid ConsentId, string Purpose, Actor By);

public static class CertificateDecisions
{
    /// <summary>A certificate needs an approved application of a matter producing its type, issued by the matter's lead agency, or an issuer authorised for the type; and a valid seal.</summary>
    /// <param name="onRecord">The content as it will be recorded (personal values sealed in the vault), made from <see cref="IssueCertificate.Content"/>.</param>
    public static CertificateIssued Decide(IssueCertificate command, CertificateOnRecord onRecord, Agency issuer, Application? application, DateTimeOffset now)
    {
        if (command.ApplicationId is { } applicationId)
        {
            if (application is null)
            {
                throw new RuleBroken("application-unknown", $"There is no application {applicationId}.");
            }

            if (application.Stage != ApplicationStage.Approved)
            {
                throw new RuleBroken("application-not-approved", $"Application {application.Id} is {application.Stage}; certificates are issued for approved applications.");
            }

            if (!string.Equals(application.Matter.LeadAgency, issuer.CreditCode, StringComparison.Ordinal))
            {
                throw new RuleBroken("issuer-not-lead-agency", $"Only the lead agency {application.Matter.LeadAgency} issues the certificate of application {application.Id}.");
            }

            if (!string.Equals(application.Matter.CertificateType, command.Content.Type, StringComparison.Ordinal))
            {
                throw new RuleBroken("certificate-type-not-of-matter", $"Matter {application.MatterCode} produces {application.Matter.CertificateType ?? "no certificate"}, not {command.Content.Type}.");
            }

            if (application.CertificateId is not null)
            {
                throw new RuleBroken("certificate-already-issued", $"Application {application.Id} already has certificate {application.CertificateId}.");
            }
        }
        else if (!issuer.CertificateTypes.Contains(command.Content.Type, StringComparer.Ordinal))
        {
            throw new RuleBroken("issuer-not-authorised", $"Agency {issuer.CreditCode} is not authorised to issue {command.Content.Type} certificates directly.");
        }

        var contentHash = Sealed(command.Content, command.Seal, issuer, command.By, version: 1, now);
        return new CertificateIssued(command.CertificateId, command.Content.Identifier, command.ApplicationId, null, onRecord, contentHash, command.Seal, command.By, now);
    }

    /// <summary>Renewal issues a new version that supersedes this one; a revoked or superseded certificate is never renewed.</summary>
    public static IReadOnlyList<object> Decide(Certificate certificate, RenewCertificate command, CertificateOnRecord onRecord, Agency issuer, DateTimeOffset now)
    {
        ByIssuer(certificate, command.By);
        if (certificate.Status is CertificateStatus.Revoked or CertificateStatus.Superseded)
        {
            throw new RuleBroken("certificate-" + certificate.Status.ToString().ToLowerInvariant(), $"Certificate {certificate.Identifier} is {certificate.Status}; it cannot be renewed.");
        }

        var oldParsed = CertificateIdentifier.TryParse(certificate.Identifier, out var old);
        var newParsed = CertificateIdentifier.TryParse(command.Content.Identifier, out var renewed);
        if (!oldParsed || !newParsed || !string.Equals(renewed.Serial, old.Serial, StringComparison.Ordinal) || !string.Equals(command.Content.Type, certificate.Content.Type, StringComparison.Ordinal))
        {
            throw new RuleBroken("renewal-not-same-certificate", "A renewal keeps the certificate's type and serial and raises its version.");
        }

        var contentHash = Sealed(command.Content, command.Seal, issuer, command.By, old.Version + 1, now);
        return
        [
            new CertificateIssued(command.NewCertificateId, command.Content.Identifier, null, certificate.Id, onRecord, contentHash, command.Seal, command.By, now),
            new CertificateSuperseded(certificate.Id, command.NewCertificateId, command.Content.Identifier, command.By, now),
        ];
    }

    public static CertificateSuspended Decide(Certificate certificate, SuspendCertificate command, DateTimeOffset now)
    {
        ByIssuer(certificate, command.By);
        InStatus(certificate, CertificateStatus.Valid, "suspended");
        return new CertificateSuspended(certificate.Id, command.Reason, command.By, now);
    }

    public static CertificateReinstated Decide(Certificate certificate, ReinstateCertificate command, DateTimeOffset now)
    {
        ByIssuer(certificate, command.By);
        InStatus(certificate, CertificateStatus.Suspended, "reinstated");
        return new CertificateReinstated(certificate.Id, command.Reason, command.By, now);
    }

    public static CertificateRevoked Decide(Certificate certificate, RevokeCertificate command, DateTimeOffset now)
    {
        ByIssuer(certificate, command.By);
        if (certificate.Status is not (CertificateStatus.Valid or CertificateStatus.Suspended))
        {
            throw new RuleBroken("certificate-" + certificate.Status.ToString().ToLowerInvariant(), $"Certificate {certificate.Identifier} is {certificate.Status}; it cannot be revoked.");
        }

        return new CertificateRevoked(certificate.Id, command.Reason, command.By, now);
    }

    public static ConsentGranted Decide(Certificate certificate, GrantConsent command, DateTimeOffset now)
    {
        Usable(certificate, now);
        if (command.Until <= now)
        {
            throw new RuleBroken("consent-already-expired", "A consent must last beyond now.");
        }

        return new ConsentGranted(certificate.Id, command.ConsentId, command.Agency, command.Purpose, command.Until, command.By, now);
    }

    public static ConsentWithdrawn Decide(Certificate certificate, WithdrawConsent command, DateTimeOffset now)
    {
        if (!certificate.Consents.TryGetValue(command.ConsentId, out var consent))
        {
            throw new RuleBroken("consent-unknown", $"Certificate {certificate.Identifier} has no consent {command.ConsentId}.");
        }

        if (consent.Withdrawn)
        {
            throw new RuleBroken("consent-already-withdrawn", $"Consent {command.ConsentId} was already withdrawn.");
        }

        return new ConsentWithdrawn(certificate.Id, command.ConsentId, command.By, now);
    }

    /// <summary>Use needs a live consent given to the using agency for this purpose, on a certificate that is valid and not expired.</summary>
    public static CertificateUsed Decide(Certificate certificate, UseCertificate command, DateTimeOffset now)
    {
        Usable(certificate, now);
        if (!certificate.Consents.TryGetValue(command.ConsentId, out var consent)
            || !string.Equals(consent.Agency, command.By.Agency, StringComparison.Ordinal)
            || !string.Equals(consent.Purpose, command.Purpose, StringComparison.Ordinal)
            || !consent.IsLiveAt(now))
        {
            throw new RuleBroken("consent-missing", $"Agency {command.By.Agency} has no live consent to use certificate {certificate.Identifier} for \"{command.Purpose}\".");
        }

        return new CertificateUsed(certificate.Id, consent.Id, command.By.Agency, command.Purpose, command.By, now);
    }

    private static void Usable(Certificate certificate, DateTimeOffset now)
    {
        if (certificate.Status != CertificateStatus.Valid)
        {
            throw new RuleBroken("certificate-" + certificate.Status.ToString().ToLowerInvariant(), $"Certificate {certificate.Identifier} is {certificate.Status}.");
        }

        if (certificate.IsExpiredOn(DateOnly.FromDateTime(now.UtcDateTime)))
        {
            throw new RuleBroken("certificate-expired", $"Certificate {certificate.Identifier} expired after {certificate.Content.ValidUntil:yyyy-MM-dd}.");
        }
    }

    /// <summary>The identifier names this issuer, this type and this version; the content is well formed; the seal verifies with a key valid now. Returns the content hash.</summary>
    private static string Sealed(CertificateContent content, Seal seal, Agency issuer, Actor by, int version, DateTimeOffset now)
    {
        if (!string.Equals(by.Agency, issuer.CreditCode, StringComparison.Ordinal) || !string.Equals(content.Issuer, issuer.CreditCode, StringComparison.Ordinal))
        {
            throw new RuleBroken("issuer-mismatch", $"The certificate names {content.Issuer} as issuer; only that agency issues it, under its own name.");
        }

        if (!CertificateIdentifier.TryParse(content.Identifier, out var parts)
            || !string.Equals(parts.TypeCode, content.Type, StringComparison.Ordinal)
            || !string.Equals(parts.Issuer, issuer.CreditCode, StringComparison.Ordinal)
            || parts.Version != version)
        {
            throw new RuleBroken("certificate-identifier-invalid",
                $"{content.Identifier} is not 1.2.156.3005.2.{content.Type}.{issuer.CreditCode}.{{serial}}.{version:000}.{{check}} with a correct MOD 37,36 check character.");
        }

        if (content.ValidUntil <= content.ValidFrom)
        {
            throw new RuleBroken("certificate-validity-empty", "A certificate's validity must end after it starts.");
        }

        if (!issuer.SealKeys.TryGetValue(seal.KeyId, out var key) || !key.IsValidAt(now))
        {
            throw new RuleBroken("seal-key-not-valid", $"Agency {issuer.CreditCode} has no seal key {seal.KeyId} valid at {now:O}.");
        }

        var contentHash = content.Hash();
        if (!seal.Verifies(contentHash, key))
        {
            throw new RuleBroken("seal-signature-invalid", $"The seal does not verify over content hash {contentHash} with key {seal.KeyId}.");
        }

        return contentHash;
    }

    private static void ByIssuer(Certificate certificate, Actor by)
    {
        if (!string.Equals(certificate.Content.Issuer, by.Agency, StringComparison.Ordinal))
        {
            throw new RuleBroken("not-issuer", $"Only the issuer {certificate.Content.Issuer} changes certificate {certificate.Identifier}.");
        }
    }

    private static void InStatus(Certificate certificate, CertificateStatus status, string act)
    {
        if (certificate.Status != status)
        {
            throw new RuleBroken("certificate-" + certificate.Status.ToString().ToLowerInvariant(), $"Certificate {certificate.Identifier} is {certificate.Status}; it cannot be {act}.");
        }
    }
}
