using Ledger.Domain.Applications;

namespace Ledger.Domain;

/// <summary>
/// The stable, versioned name under which each event is stored and published. A CLR type may be renamed;
/// its stored name never changes. A test checks that every event in Domain has exactly one such name.
/// </summary>
public static class EventCatalogue
{
    public static IReadOnlyDictionary<Type, string> Names { get; } = new Dictionary<Type, string>
    {
        [typeof(ApplicationSubmitted)] = "application_submitted.v1",
        [typeof(ApplicationWithdrawn)] = "application_withdrawn.v1",
    };
}
