using Ledger.Domain.Certificates;
using Ledger.Domain.Privacy;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Certificates;

/// <summary>The certificate document a holder receives, and what a verifier later checks: the content, its hash and the seal over it.</summary>
public sealed record CertificateDocument(CertificateContent Content, string ContentHash, Seal Seal);

/// <summary>
/// One certificate in the registry, found by id, identifier, content hash or holder subject. It holds the content as
/// recorded (<see cref="CertificateOnRecord"/>: a person holder's values only as sealed references), never the document;
/// the document is put together from the vault for those entitled to it. <see cref="Status"/> is as recorded; expiry
/// follows from <see cref="ValidUntil"/> at read time.
/// </summary>
public sealed record CertificateRecord(
    Guid Id,
    string Identifier,
    string Type,
    string Issuer,
    CertificateOnRecord Content,
    string ContentHash,
    Seal Seal,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    Guid? ApplicationId,
    Guid? Supersedes,
    DateTimeOffset IssuedAt)
{
    /// <summary>The holder's subject when the holder is a person, for finding a person's certificates without their identity number.</summary>
    public Guid? HolderSubject { get; init; }

    public string Status { get; init; } = nameof(CertificateStatus.Valid);

    public DateTimeOffset StatusChangedAt { get; init; }

    public string? StatusReason { get; init; }

    public Guid? SupersededBy { get; init; }

    public IReadOnlyList<ConsentEntry> Consents { get; init; } = [];

    /// <summary>Every recorded use, newest last: who used the certificate, under which consent, for what.</summary>
    public IReadOnlyList<UseEntry> Uses { get; init; } = [];

    public long Version { get; init; }
}

public sealed record ConsentEntry(Guid ConsentId, string Agency, string Purpose, DateTimeOffset Until, DateTimeOffset GrantedAt, DateTimeOffset? WithdrawnAt);

public sealed record UseEntry(Guid ConsentId, string Agency, string Officer, string Purpose, DateTimeOffset At);

public sealed class CertificateRegistryProjection : SingleStreamProjection<CertificateRecord, Guid>
{
    public static CertificateRecord Create(CertificateIssued issued) =>
        new(issued.CertificateId, issued.Identifier, issued.Content.Type, issued.Content.Issuer, issued.Content, issued.ContentHash, issued.Seal,
            issued.Content.ValidFrom, issued.Content.ValidUntil, issued.ApplicationId, issued.Supersedes, issued.At)
        {
            HolderSubject = issued.Content.Holder.Subject,
            StatusChangedAt = issued.At,
        };

    public static CertificateRecord Apply(CertificateSuspended suspended, CertificateRecord record) =>
        record with { Status = nameof(CertificateStatus.Suspended), StatusChangedAt = suspended.At, StatusReason = suspended.Reason };

    public static CertificateRecord Apply(CertificateReinstated reinstated, CertificateRecord record) =>
        record with { Status = nameof(CertificateStatus.Valid), StatusChangedAt = reinstated.At, StatusReason = reinstated.Reason };

    public static CertificateRecord Apply(CertificateRevoked revoked, CertificateRecord record) =>
        record with { Status = nameof(CertificateStatus.Revoked), StatusChangedAt = revoked.At, StatusReason = revoked.Reason };

    public static CertificateRecord Apply(ConsentGranted granted, CertificateRecord record) =>
        record with { Consents = [.. record.Consents, new ConsentEntry(granted.ConsentId, granted.Agency, granted.Purpose, granted.Until, granted.At, null)] };

    public static CertificateRecord Apply(ConsentWithdrawn withdrawn, CertificateRecord record) =>
        record with
        {
            Consents = [.. record.Consents.Select(consent => consent.ConsentId == withdrawn.ConsentId ? consent with { WithdrawnAt = withdrawn.At } : consent)],
        };

    public static CertificateRecord Apply(CertificateUsed used, CertificateRecord record) =>
        record with { Uses = [.. record.Uses, new UseEntry(used.ConsentId, used.Agency, used.By.Officer, used.Purpose, used.At)] };

    public static CertificateRecord Apply(CertificateSuperseded superseded, CertificateRecord record) =>
        record with { Status = nameof(CertificateStatus.Superseded), StatusChangedAt = superseded.At, SupersededBy = superseded.SupersededBy };
}
