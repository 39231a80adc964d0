using System.Collections.Immutable;

namespace Ledger.Domain.Certificates;

public enum CertificateStatus
{
    Valid,
    Suspended,
    Revoked,
    Superseded,
}

public sealed record Consent(Guid Id, string Agency, string Purpose, DateTimeOffset Until, bool Withdrawn)
{
    public bool IsLiveAt(DateTimeOffset moment) => !Withdrawn && moment < Until;
}

public sealed record Certificate(Guid Id, string Identifier, CertificateOnRecord Content, string ContentHash, CertificateStatus Status)
{
    public ImmutableDictionary<Guid, Consent> Consents { get; init; } = ImmutableDictionary<Guid, Consent>.Empty;

    /// <summary>Expiry is not an event anyone must remember to append: it follows from the validity dates.</summary>
    public bool IsExpiredOn(DateOnly day) => day > Content.ValidUntil;

    public static Certificate? Evolve(Certificate? state, object @event) => (state, @event) switch
    {
        (null, CertificateIssued issued) => new Certificate(issued.CertificateId, issued.Identifier, issued.Content, issued.ContentHash, CertificateStatus.Valid),
        (not null, CertificateSuspended) => state with { Status = CertificateStatus.Suspended },
        (not null, CertificateReinstated) => state with { Status = CertificateStatus.Valid },
        (not null, CertificateRevoked) => state with { Status = CertificateStatus.Revoked },
        (not null, CertificateSuperseded) => state with { Status = CertificateStatus.Superseded },
        (not null, ConsentGranted granted) => state with
        {
            Consents = state.Consents.SetItem(granted.ConsentId, new Consent(granted.ConsentId, granted.Agency, granted.Purpose, granted.Until, false)),
        },
        (not null, ConsentWithdrawn withdrawn) when state.Consents.TryGetValue(withdrawn.ConsentId, out var consent) => state with
        {
            Consents = state.Consents.SetItem(withdrawn.ConsentId, consent with { Withdrawn = true }),
        },
        _ => state,
    };
}
