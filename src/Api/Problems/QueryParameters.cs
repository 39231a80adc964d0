using System.Globalization;

namespace Ledger.Api.Problems;

/// <summary>Numbers in a route or query string, read one way everywhere: a refusal is 400 <c>invalid-parameter</c> naming the parameter.</summary>
public static class QueryParameters
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; absent is <paramref name="fallback"/>, or a refusal when there is none.</summary>
    public static bool TryWholeNumber(string? text, string name, long? fallback, out long value, out IResult? problem, long min = 0, long max = long.MaxValue)
    {
        problem = null;
        if (string.IsNullOrEmpty(text) && fallback is { } given)
        {
            value = given;
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        var range = max == long.MaxValue ? $"of {min} or more" : $"from {min} to {max}";
        problem = Invalid(name, string.IsNullOrEmpty(text) ? $"{name} is required." : $"{name} must be a whole number {range}; got '{text}'.");
        return false;
    }

    public static IResult Invalid(string name, string detail)
    {
        var problem = Problem.Create(StatusCodes.Status400BadRequest, "invalid-parameter", $"The {name} parameter is not acceptable.", detail);
        problem.Extensions["parameter"] = name;
        return Results.Problem(problem);
    }
}
