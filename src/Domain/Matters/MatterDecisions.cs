using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Matters;

public sealed record PublishMatter(string Code, MatterDefinition Definition, Actor By);

public sealed record ReviseMatter(string Code, long Version, MatterDefinition Definition, Actor By);

public static class MatterDecisions
{
    /// <param name="registeredAgencies">Which of the agencies the definition names are registered.</param>
    public static MatterPublished Decide(PublishMatter command, IReadOnlySet<string> registeredAgencies, DateTimeOffset now) =>
        new(command.Code, 1, Checked(command.Definition, registeredAgencies), command.By, now);

    public static MatterRevised Decide(Matter matter, ReviseMatter command, IReadOnlySet<string> registeredAgencies, DateTimeOffset now) =>
        new(matter.Code, matter.Revision + 1, Checked(command.Definition, registeredAgencies), command.By, now);

    private static MatterDefinition Checked(MatterDefinition definition, IReadOnlySet<string> registeredAgencies)
    {
        var named = new[] { definition.LeadAgency }.Concat(definition.CoApprovers).ToList();
        var unknown = named.Where(agency => !registeredAgencies.Contains(agency)).ToList();
        if (unknown.Count > 0)
        {
            throw new RuleBroken("agency-unknown", $"These agencies are not registered: {string.Join(", ", unknown)}.");
        }

        if (named.Distinct(StringComparer.Ordinal).Count() != named.Count)
        {
            throw new RuleBroken("approver-listed-twice", "An agency is named more than once among the lead agency and co-approvers.");
        }

        if (definition.PromisedDays < 1)
        {
            throw new RuleBroken("promised-days-invalid", "A matter promises at least one day.");
        }

        return definition;
    }
}
