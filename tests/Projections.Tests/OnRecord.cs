using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Privacy;

namespace Ledger.Projections.Tests;

/// <summary>
/// Values as the record holds them, for tests without a vault: an enterprise's are public and recorded in the clear; a
/// person is given only <see cref="Recorded.Sealed"/> references, never a value.
/// </summary>
public static class OnRecord
{
    public static PartyOnRecord Enterprise(string name, string creditCode) =>
        new(ApplicantKind.Enterprise, Recorded.InClear(name), Recorded.InClear(creditCode));

    /// <summary>The content as recorded when its holder is an enterprise: every value in the clear.</summary>
    public static CertificateOnRecord InClear(CertificateContent content)
    {
        if (content.Holder.Kind != ApplicantKind.Enterprise)
        {
            throw new ArgumentException("Only an enterprise holder's values are recorded in the clear; a person's are sealed in the vault.", nameof(content));
        }

        return new CertificateOnRecord(
            content.Identifier, content.Type, content.Issuer, Enterprise(content.Holder.Name, content.Holder.IdentityNumber),
            content.Fields.ToDictionary(field => field.Key, field => Recorded.InClear(field.Value), StringComparer.Ordinal),
            content.ValidFrom, content.ValidUntil, Recorded.InClear(content.Nonce));
    }
}
