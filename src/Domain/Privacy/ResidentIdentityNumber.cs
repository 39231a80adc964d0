using System.Globalization;

namespace Ledger.Domain.Privacy;

/// <summary>
/// The 18-character resident identity number (GB 11643-1999): a 6-digit administrative region code, the date of birth
/// as yyyyMMdd, a 3-digit sequence code and an ISO 7064 MOD 11-2 check character, 10 being written as X.
/// </summary>
public static class ResidentIdentityNumber
{
    private const string CheckCharacters = "0123456789X";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    public static bool IsValid(string? value, DateOnly today) => Problem(value, today) is null;

    /// <summary>Trimmed and upper-cased, so that a lower-case x check character reads as X.</summary>
    public static string Normalise(string value) => value.Trim().ToUpperInvariant();

    /// <summary>Why <paramref name="value"/> (judged after <see cref="Normalise"/>) is not a valid number, or null when it is.</summary>
    public static string? Problem(string? value, DateOnly today)
    {
        if (value is null)
        {
            return "A resident identity number is required.";
        }

        var number = Normalise(value);
        if (number.Length != 18)
        {
            return "A resident identity number is 18 characters.";
        }

        if (!number.AsSpan(0, 17).ContainsOnlyDigits())
        {
            return "The first 17 characters of a resident identity number are digits.";
        }

        if (number[0] is < '1' or > '8')
        {
            return "A resident identity number begins with a region code whose first digit is 1 to 8.";
        }

        if (!TryBirthDate(number, out var birth))
        {
            return "A resident identity number's date of birth is not a real date.";
        }

        if (birth < Earliest)
        {
            return "A resident identity number's date of birth is before 1900.";
        }

        if (birth > today)
        {
            return "A resident identity number's date of birth is in the future.";
        }

        if (!CheckCharacters.Contains(number[17], StringComparison.Ordinal))
        {
            return "A resident identity number ends in a digit or X.";
        }

        return CheckCharacter(number[..17]) == number[17] ? null : "A resident identity number's check character is wrong.";
    }

    public static char CheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17)
        {
            throw new ArgumentException("A resident identity number has 17 digits before its check character.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                throw new ArgumentException($"'{first17[i]}' is not a digit.", nameof(first17));
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[(12 - (sum % 11)) % 11];
    }

    /// <summary>The date of birth of a number that <see cref="IsValid"/> accepts.</summary>
    public static DateOnly BirthDate(string valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var number = Normalise(valid);
        return number.Length == 18 && TryBirthDate(number, out var birth)
            ? birth
            : throw new ArgumentException("The value is not a resident identity number with a real date of birth.", nameof(valid));
    }

    private static bool TryBirthDate(string number, out DateOnly birth) =>
        DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birth);

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
}
