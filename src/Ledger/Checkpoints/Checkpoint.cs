using System.Globalization;
using System.Text;

namespace Ledger.Integrity.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body: the log's origin, its size and its tree head, each on its own line.
/// <code>
/// ledger.city.example/log
/// 1234
/// base64(root)
/// </code>
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    public string Body() => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Reads a checkpoint body (the signed note's text up to the blank line); extension lines are refused.</summary>
    public static Checkpoint Parse(string body)
    {
        var lines = body.Split('\n');
        if (lines.Length != 4 || lines[3].Length != 0)
        {
            throw new FormatException("A checkpoint body is three lines, each ending in a newline: origin, size, base64 root hash.");
        }

        if (lines[0].Length == 0 || lines[0].Any(char.IsWhiteSpace))
        {
            throw new FormatException("The checkpoint's origin line is empty or holds white space.");
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || !string.Equals(lines[1], size.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            throw new FormatException($"'{lines[1]}' is not a tree size in decimal without leading zeros.");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException exception)
        {
            throw new FormatException("The checkpoint's root hash is not base64.", exception);
        }

        return root.Length == 32 ? new Checkpoint(lines[0], size, root) : throw new FormatException("The checkpoint's root hash is not 32 bytes.");
    }

    public byte[] BodyBytes() => Encoding.UTF8.GetBytes(Body());
}
