using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ledger.Domain.Privacy;

/// <summary>
/// A person's name as given: trimmed, in Unicode normalisation form C, at most <see cref="MaxLength"/> text elements
/// (user-perceived characters), and free of control, surrogate, private-use and unassigned code points. Any script is
/// accepted, with spaces, hyphens, apostrophes, full stops and the middle dot (·) of transliterated minority names.
/// </summary>
public static class PersonName
{
    public const int MaxLength = 64;

    public static string Normalise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Why <paramref name="value"/> is not an acceptable name, or null when it is.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "A name is required.";
        }

        // Checked before normalising, which throws on a lone surrogate.
        if (!AllCodePointsAllowed(value))
        {
            return "A name may not contain control, private-use or unassigned characters.";
        }

        return new StringInfo(Normalise(value)).LengthInTextElements > MaxLength
            ? $"A name is at most {MaxLength.ToString(CultureInfo.InvariantCulture)} characters."
            : null;
    }

    private static bool AllCodePointsAllowed(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
            {
                return false; // a lone surrogate (Cs)
            }

            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
