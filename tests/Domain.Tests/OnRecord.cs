using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests;

/// <summary>
/// Values as the record holds them, for tests that need no vault: an enterprise's are public and recorded in the clear.
/// A person's values are never made here; tests give a person only <see cref="Recorded.Sealed"/> references.
/// </summary>
public static class OnRecord
{
    public static PartyOnRecord Enterprise(string name, string creditCode) =>
        new(ApplicantKind.Enterprise, Recorded.InClear(name), Recorded.InClear(creditCode));

    /// <summary>A person's name, identity number and phone as sealed references under <paramref name="subject"/>, with fixed commitments.</summary>
    public static PartyOnRecord Person(Guid subject) =>
        new(ApplicantKind.Person, Recorded.Sealed(subject, Commitment('a')), Recorded.Sealed(subject, Commitment('b')))
        {
            Phone = Recorded.Sealed(subject, Commitment('c')),
        };

    /// <summary>A 64-hex commitment that looks like one and is the same every run.</summary>
    public static string Commitment(char digit) => new(digit, 64);

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
