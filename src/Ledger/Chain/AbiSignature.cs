namespace Ledger.Integrity.Chain;

/// <summary>A parameter of a function, error or event: its type, its name if given, and whether an event indexes it.</summary>
public sealed record AbiParameter(AbiType Type, string? Name = null, bool Indexed = false);

/// <summary>
/// Reads human-readable signatures such as "anchor(bytes32 logId, uint64 treeSize, bytes32 root, bytes32[] proof)",
/// "latest(bytes32) view returns (uint64, bytes32, uint64)" or "Anchored(bytes32 indexed logId, uint64 treeSize)".
/// A leading "function", "error" or "event" and the modifiers between the parameters and "returns" are ignored.
/// </summary>
internal static class AbiSignature
{
    private static readonly string[] Keywords = ["function ", "error ", "event "];

    public static (string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs) Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var text = signature.Trim();
        foreach (var keyword in Keywords.Where(keyword => text.StartsWith(keyword, StringComparison.Ordinal)))
        {
            text = text[keyword.Length..].TrimStart();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : MatchingClose(text, open);
        if (open <= 0 || close < 0)
        {
            throw new FormatException($"\"{signature}\" is not a signature name(parameters).");
        }

        var rest = text[(close + 1)..];
        var returns = rest.IndexOf("returns", StringComparison.Ordinal);
        var outputs = returns < 0 ? [] : Parameters(Parenthesised(rest[(returns + "returns".Length)..].Trim(), signature));
        return (text[..open].Trim(), Parameters(text[(open + 1)..close]), outputs);
    }

    /// <summary>The items of a comma-separated list, ignoring the commas inside parentheses.</summary>
    public static IEnumerable<string> SplitTopLevel(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                yield return list[start..i].Trim();
                start = i + 1;
            }
        }

        if (list.Trim().Length > 0)
        {
            yield return list[start..].Trim();
        }
    }

    private static List<AbiParameter> Parameters(string list) => [.. SplitTopLevel(list).Select(Parameter)];

    /// <summary>A type with an optional name and "indexed", such as "bytes32 indexed logId" or "(uint64 size, bytes32 root) head".</summary>
    public static AbiParameter Parameter(string text)
    {
        var typeEnd = text.StartsWith('(') ? TupleTypeEnd(text) : text.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : text.Length;
        var words = text[typeEnd..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var indexed = words.Contains("indexed", StringComparer.Ordinal);
        var name = words.Where(word => word is not ("indexed" or "memory" or "calldata" or "storage")).SingleOrDefault();
        return new AbiParameter(AbiType.Parse(text[..typeEnd]), name, indexed);
    }

    private static int TupleTypeEnd(string text)
    {
        var end = MatchingClose(text, 0) + 1;
        while (end < text.Length && text[end] == '[')
        {
            end = text.IndexOf(']', end) + 1;
        }

        return end;
    }

    private static string Parenthesised(string text, string signature) =>
        text.StartsWith('(') && MatchingClose(text, 0) == text.Length - 1 ? text[1..^1] : throw new FormatException($"\"{signature}\" has no (outputs) after returns.");

    private static int MatchingClose(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
