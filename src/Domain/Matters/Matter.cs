using Ledger.Domain.Identity;
using System.Collections.Immutable;

namespace Ledger.Domain.Matters;

public sealed record Matter(Guid Id, string Code, int Revision, MatterDefinition Definition, ImmutableDictionary<int, MatterDefinition> Revisions)
{
    /// <summary>The lead agency first, then the co-approvers: every agency whose approval the matter needs.</summary>
    public IReadOnlyList<string> Approvers => [Definition.LeadAgency, .. Definition.CoApprovers];

    public static Matter? Evolve(Matter? state, object @event) => (state, @event) switch
    {
        (null, MatterPublished published) => new Matter(
            StreamIds.ForMatter(published.Code), published.Code, published.Revision, published.Definition, ImmutableDictionary<int, MatterDefinition>.Empty.Add(published.Revision, published.Definition)),
        (not null, MatterRevised revised) => state with
        {
            Revision = revised.Revision,
            Definition = revised.Definition,
            Revisions = state.Revisions.SetItem(revised.Revision, revised.Definition),
        },
        _ => state,
    };
}
