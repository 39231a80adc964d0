using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

/// <param name="Reporter">An enterprise in the clear, a person by sealed references (values in the vault), or null when anonymous.</param>
public sealed record ReportCase(
    Guid CaseId,
    CaseSource Source,
    string CategoryCode,
    Severity Severity,
    CaseLocation Location,
    string Description,
    IReadOnlyList<string> Attachments,
    PartyOnRecord? Reporter,
    Actor By)
{
    /// <summary>The address the reporter gave in their own words, sealed in the vault; null when none was given.</summary>
    public Recorded? GivenAddress { get; init; }
}

public sealed record RegisterCase(Guid CaseId, long Version, Actor By);

public sealed record RejectCase(Guid CaseId, long Version, string Reason, Actor By);

public sealed record MergeCase(Guid CaseId, long Version, Guid OriginalCaseId, Actor By);

public static partial class CaseDecisions
{
    /// <param name="category">The category named by the report as it stands now, or null when none is published under that code.</param>
    public static CaseReported Decide(ReportCase command, Category? category, DateTimeOffset now)
    {
        if (category is null || !string.Equals(category.Code, command.CategoryCode, StringComparison.Ordinal))
        {
            throw new RuleBroken("unknown-category", $"No category {command.CategoryCode} is published.");
        }

        if (category.Definition.LimitsFor(command.Severity) is null)
        {
            throw new RuleBroken("severity-not-in-category", $"Category {category.Code} sets no time limits for {command.Severity} cases.");
        }

        InShanghai(command.Location);
        Stated(command.Description, "description");
        NothingPersonalInClear(command.Reporter);
        if (command.GivenAddress is { } address && (address.Value is not null || !address.IsPersonal))
        {
            throw new RuleBroken("personal-data-in-clear", "An address a reporter gives is on record only by a sealed reference; its value belongs in the vault.");
        }

        return new CaseReported(
            command.CaseId, command.Source, category.Code, category.Revision, category.Definition, command.Severity, command.Location, command.Description,
            Hashes(command.Attachments), command.Reporter, command.By, now)
        {
            GivenAddress = command.GivenAddress,
        };
    }

    public static CaseRegistered Decide(Case @case, RegisterCase command, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Reported);
        return new CaseRegistered(@case.Id, command.By, now);
    }

    public static CaseNotRegistered Decide(Case @case, RejectCase command, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Reported);
        Stated(command.Reason, "reason");
        return new CaseNotRegistered(@case.Id, command.Reason, command.By, now);
    }

    /// <param name="original">The case the report repeats, or null when there is no such case.</param>
    public static CaseMerged Decide(Case @case, MergeCase command, Case? original, DateTimeOffset now)
    {
        InStage(@case, CaseStage.Reported);
        if (command.OriginalCaseId == @case.Id)
        {
            throw new RuleBroken("case-merged-into-itself", $"Case {@case.Id} cannot be a duplicate of itself.");
        }

        if (original is null || original.Id != command.OriginalCaseId)
        {
            throw new RuleBroken("unknown-case", $"There is no case {command.OriginalCaseId} to merge into.");
        }

        if (!original.IsOpen)
        {
            throw new RuleBroken("original-not-open", $"Case {original.Id} is {original.Stage}: a duplicate is merged only into a registered case still open.");
        }

        return new CaseMerged(@case.Id, original.Id, command.By, now);
    }

    /// <summary>What the original case's stream records when a duplicate was merged into it.</summary>
    public static DuplicateCaseNoted Decide(Case original, CaseMerged merged) =>
        merged.OriginalCaseId == original.Id
            ? new DuplicateCaseNoted(original.Id, merged.CaseId, merged.By, merged.At)
            : throw new RuleBroken("unknown-case", $"Case {merged.CaseId} was merged into {merged.OriginalCaseId}, not into {original.Id}.");

    private static void InShanghai(CaseLocation location)
    {
        if (location.Latitude is null != location.Longitude is null)
        {
            throw new RuleBroken("position-incomplete", "A position is a latitude and a longitude together; a case located by district and grid cell gives neither.");
        }

        if (location.HasPosition && (!location.IsWgs84 || !location.IsInShanghai))
        {
            throw new RuleBroken("location-outside-city", $"({location.Latitude}, {location.Longitude}) is not a WGS84 position inside Shanghai.");
        }

        if (Districts.Find(location.District) is null)
        {
            throw new RuleBroken("unknown-district", $"{location.District} is not the code of one of Shanghai's 16 districts.");
        }

        if (!location.GridCell.StartsWith(location.District + "-", StringComparison.Ordinal) || location.GridCell.Length == location.District.Length + 1)
        {
            throw new RuleBroken("unknown-grid-cell", $"Grid cell {location.GridCell} is not a cell of district {location.District} (its code begins \"{location.District}-\").");
        }
    }

    private static void NothingPersonalInClear(PartyOnRecord? reporter)
    {
        if (reporter is { Kind: ApplicantKind.Person } person
            && new[] { person.Name, person.IdentityNumber, person.Phone }.Any(recorded => recorded is not null && (recorded.Value is not null || !recorded.IsPersonal)))
        {
            throw new RuleBroken("personal-data-in-clear", "A person who reports a case is on record only by sealed references; their values belong in the vault.");
        }
    }
}
