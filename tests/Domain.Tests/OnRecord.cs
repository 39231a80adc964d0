using Ledger.Domain.Applications;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests;

/// <summary>A person as the record holds them, for tests that need no vault: only <see cref="Recorded.Sealed"/> references, never a value.</summary>
public static class OnRecord
{
    /// <summary>A person's name, identity number and phone as sealed references under <paramref name="subject"/>, with fixed commitments.</summary>
    public static PartyOnRecord Person(Guid subject) =>
        new(ApplicantKind.Person, Recorded.Sealed(subject, Commitment('a')), Recorded.Sealed(subject, Commitment('b')))
        {
            Phone = Recorded.Sealed(subject, Commitment('c')),
        };

    /// <summary>A 64-hex commitment that looks like one and is the same every run.</summary>
    public static string Commitment(char digit) => new(digit, 64);
}
