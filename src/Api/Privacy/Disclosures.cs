using Ledger.Domain.Privacy;

namespace Ledger.Api.Privacy;

/// <summary>What every disclosure of a person's values says about itself.</summary>
public static class Disclosures
{
    public const string DefaultPurpose = "application-handling";

    public const int MaxPurposeLength = 200;

    public static IReadOnlyList<string> FieldsOf(PartyOnRecord party) =>
        party.Phone is null ? ["name", "identityNumber"] : ["name", "identityNumber", "phone"];

    /// <summary>A purpose is a short statement of why the values are needed; a missing one takes the default of the endpoint.</summary>
    public static IResult? PurposeProblem(string? purpose)
    {
        if (purpose is null || (purpose.Length is > 0 and <= MaxPurposeLength && !purpose.Any(char.IsControl)))
        {
            return null;
        }

        var problem = Problem.Create(StatusCodes.Status400BadRequest, Problem.ValidationFailed, "The purpose is not acceptable.",
            $"A purpose is 1 to {MaxPurposeLength} characters without control characters.");
        problem.Extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["purpose"] = [$"A purpose is 1 to {MaxPurposeLength} characters without control characters."] };
        return Results.Problem(problem);
    }
}
