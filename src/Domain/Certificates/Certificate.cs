namespace Ledger.Domain.Certificates;

public enum CertificateStatus
{
    Valid,
    Suspended,
    Revoked,
    Superseded,
}

public sealed record Certificate(Guid Id, string Identifier, CertificateContent Content, string ContentHash, CertificateStatus Status)
{
    /// <summary>Expiry is not an event anyone must remember to append: it follows from the validity dates.</summary>
    public bool IsExpiredOn(DateOnly day) => day > Content.ValidUntil;

    public static Certificate? Evolve(Certificate? state, object @event) => (state, @event) switch
    {
        (null, CertificateIssued issued) => new Certificate(issued.CertificateId, issued.Identifier, issued.Content, issued.ContentHash, CertificateStatus.Valid),
        (not null, CertificateSuspended) => state with { Status = CertificateStatus.Suspended },
        (not null, CertificateReinstated) => state with { Status = CertificateStatus.Valid },
        (not null, CertificateRevoked) => state with { Status = CertificateStatus.Revoked },
        (not null, CertificateSuperseded) => state with { Status = CertificateStatus.Superseded },
        _ => state,
    };
}
