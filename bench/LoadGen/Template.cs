using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.LoadGen;

/// <summary>
/// A URL or body with placeholders filled per request: {n} the request's number, {uniq} a value unique across runs,
/// {hex} 64 hex digits unique across runs, {id} the next line of the ids file, {rand:A:B} a random whole number in [A, B).
/// </summary>
internal sealed partial class Template(string text, IReadOnlyList<string> ids)
{
    private static readonly string RunId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly bool plain = !text.Contains('{', StringComparison.Ordinal);

    public string Fill(long n) => plain ? text : Placeholder().Replace(text, match => Value(match, n));

    private string Value(Match match, long n)
    {
        var unique = string.Create(CultureInfo.InvariantCulture, $"{RunId}-{n}");
        return match.Groups["name"].Value switch
        {
            "n" => n.ToString(CultureInfo.InvariantCulture),
            "uniq" => unique,
            "hex" => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(unique))),
            "id" when ids.Count > 0 => ids[(int)(n % ids.Count)],
            "id" => throw new InvalidOperationException("{id} needs --ids FILE with at least one line"),
            "rand" => Random.Shared.NextInt64(long.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
            _ => match.Value,
        };
    }

    [GeneratedRegex(@"\{(?<name>n|uniq|hex|id|rand)(:(?<a>\d+):(?<b>\d+))?\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Placeholder();
}
