using System.Text.RegularExpressions;
using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

public sealed record PublishCategory(string Code, CategoryDefinition Definition, Actor By);

public sealed record ReviseCategory(string Code, long Version, CategoryDefinition Definition, Actor By);

public static partial class CategoryDecisions
{
    public static CategoryPublished Decide(PublishCategory command, DateTimeOffset now)
    {
        if (command.Code.Length > 40 || !CodeFormat().IsMatch(command.Code))
        {
            throw new RuleBroken("category-code-invalid", $"'{command.Code}' is not a category code: capitals and digits in hyphenated words, such as ILLEGAL-PARKING.");
        }

        return new CategoryPublished(command.Code, 1, Checked(command.Definition), command.By, now);
    }

    public static CategoryRevised Decide(Category category, ReviseCategory command, DateTimeOffset now) =>
        new(category.Code, category.Revision + 1, Checked(command.Definition), command.By, now);

    private static CategoryDefinition Checked(CategoryDefinition definition)
    {
        if (!UnifiedSocialCreditCode.IsValid(definition.DefaultDepartment))
        {
            throw new RuleBroken("department-code-invalid", $"{definition.DefaultDepartment} is not a unified social credit code.");
        }

        if (definition.Limits.Count == 0)
        {
            throw new RuleBroken("category-without-severity", "A category sets the time limits of at least one severity.");
        }

        if (definition.Limits.DistinctBy(limits => limits.Severity).Count() != definition.Limits.Count)
        {
            throw new RuleBroken("severity-listed-twice", "A category sets each severity's time limits once.");
        }

        var nonPositive = definition.Limits.FirstOrDefault(limits => new[] { limits.Acceptance, limits.Handling, limits.Verification }.Any(limit => limit.Amount < 1));
        if (nonPositive is not null)
        {
            throw new RuleBroken("time-limit-invalid", $"Every time limit of severity {nonPositive.Severity} is at least one working hour or day.");
        }

        return definition;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CodeFormat();
}
