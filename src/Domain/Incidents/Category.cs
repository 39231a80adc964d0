using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;

namespace Ledger.Domain.Incidents;

public enum Severity
{
    Routine,
    Urgent,
    Emergency,
}

/// <summary>The three clocks of a case at one severity: to accept (签收), to handle (处置) and to verify (核查).</summary>
public sealed record SeverityLimits(Severity Severity, TimeLimit Acceptance, TimeLimit Handling, TimeLimit Verification);

/// <summary>What a category of city problem is at one revision. Cases record the revision in force when they were reported.</summary>
/// <param name="DefaultDepartment">The unified social credit code of the agency a case of this category is dispatched to unless the centre names another.</param>
public sealed record CategoryDefinition(string Name, string DefaultDepartment, IReadOnlyList<SeverityLimits> Limits)
{
    public SeverityLimits? LimitsFor(Severity severity) => Limits.FirstOrDefault(limits => limits.Severity == severity);
}

public sealed record CategoryPublished(string Code, int Revision, CategoryDefinition Definition, Actor By, DateTimeOffset At);

public sealed record CategoryRevised(string Code, int Revision, CategoryDefinition Definition, Actor By, DateTimeOffset At);

public sealed record Category(Guid Id, string Code, int Revision, CategoryDefinition Definition)
{
    public static Guid StreamId(string code) => StreamIds.NameBased("incident-category:" + code);

    public static Category? Evolve(Category? state, object @event) => (state, @event) switch
    {
        (null, CategoryPublished published) => new Category(StreamId(published.Code), published.Code, published.Revision, published.Definition),
        (not null, CategoryRevised revised) => state with { Revision = revised.Revision, Definition = revised.Definition },
        _ => state,
    };
}
