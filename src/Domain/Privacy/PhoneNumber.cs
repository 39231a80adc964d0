using System.Text.RegularExpressions;

namespace Ledger.Domain.Privacy;

/// <summary>
/// A contact telephone number in the stated format: an 11-digit mainland China mobile number (1, then 3 to 9, then nine
/// digits), optionally written with +86, or a fixed-line number with its area code (0 and 2 or 3 digits, an optional
/// hyphen, then 7 or 8 digits).
/// </summary>
public static partial class PhoneNumber
{
    public const string Format =
        "A telephone number is an 11-digit mainland mobile number beginning 13 to 19, optionally after +86, or a fixed-line number with its area code, such as 021-63215550.";

    private const string CountryCode = "+86";

    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var international = value.TrimStart().StartsWith(CountryCode, StringComparison.Ordinal);
        var number = Normalise(value);
        return Mobile().IsMatch(number) || (!international && FixedLine().IsMatch(number));
    }

    /// <summary>Without spaces or a +86 prefix; a fixed line keeps its hyphen as given.</summary>
    public static string Normalise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var number = string.Concat(value.Where(character => !char.IsWhiteSpace(character)));
        return number.StartsWith(CountryCode, StringComparison.Ordinal) ? number[CountryCode.Length..] : number;
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Mobile();

    [GeneratedRegex("^0[0-9]{2,3}-?[0-9]{7,8}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FixedLine();
}
