using System.Text.Json;
using Ledger.Integrity.Merkle;
using Ledger.Integrity.Storage;

namespace Ledger.Cli;

/// <summary>A leaf as the proof API serves it to an auditor; nothing in it is trusted but <see cref="CanonicalBytes"/>.</summary>
internal sealed record ServedLeaf(long Index, long Position, string EventType, string LeafHash, string? CanonicalBytes);

/// <summary>Something the replay found wrong; <see cref="LeafIndex"/> names the leaf when one leaf is to blame.</summary>
internal sealed record ReplayFinding(string Kind, long? LeafIndex, long? Position, string What);

/// <summary>
/// Replays the log from the leaves' canonical bytes alone, in index order: each leaf hash is recomputed and compared with the
/// served one, and the tree head of the recomputed leaves is compared with every trusted root (signed checkpoint, anchor) at
/// its size. Since every root is checked against one replayed sequence, each trusted tree is a prefix of the next.
/// O(log n) memory: a frontier of the tree, and the roots still due.
/// </summary>
internal sealed class LogReplay
{
    private readonly MerkleFrontier frontier = MerkleFrontier.Empty();
    private readonly Queue<TrustedRoot> due;
    private readonly List<ReplayFinding> findings = [];
    private readonly List<TrustedRoot> matched = [];
    private long lastMatchedSize;

    public LogReplay(IEnumerable<TrustedRoot> trustedRoots)
    {
        due = new Queue<TrustedRoot>(trustedRoots.OrderBy(root => root.TreeSize));
        CompareDueRoots();
    }

    public long Size => frontier.Size;

    public byte[] Root() => frontier.Root();

    public IReadOnlyList<ReplayFinding> Findings => findings;

    public IReadOnlyList<TrustedRoot> Matched => matched;

    /// <summary>Adds the next leaf; a leaf out of turn cannot be replayed and ends the audit as not verified.</summary>
    public void Add(ServedLeaf leaf)
    {
        if (leaf.Index != frontier.Size)
        {
            throw new NotVerified($"the API served leaf {leaf.Index} where leaf {frontier.Size} was due");
        }

        var bytes = CanonicalBytesOf(leaf);
        var hash = MerkleHash.Leaf(bytes);
        if (LeafFinding(leaf, bytes, hash) is { } finding)
        {
            findings.Add(finding);
        }

        frontier.Append(hash);
        CompareDueRoots();
    }

    /// <summary>The trusted roots of sizes the replay never reached: the API served fewer leaves than they cover.</summary>
    public void Finish()
    {
        while (due.TryDequeue(out var root))
        {
            findings.Add(new ReplayFinding("root-beyond-log", null, null,
                $"the API served {frontier.Size} leaves, but {root.Source} covers {root.TreeSize}: leaves are missing"));
        }
    }

    /// <summary>What is wrong with one leaf, judged by its canonical bytes alone; null when nothing is.</summary>
    public static ReplayFinding? LeafFinding(ServedLeaf leaf, byte[] canonicalBytes, byte[] recomputedHash)
    {
        var servedHash = TryHex(leaf.LeafHash);
        if (servedHash is null || !servedHash.AsSpan().SequenceEqual(recomputedHash))
        {
            return new ReplayFinding("leaf-altered", leaf.Index, leaf.Position,
                $"leaf {leaf.Index} (event position {leaf.Position}): its canonical bytes hash to {Hex.Of(recomputedHash)}, not to the served leaf hash {leaf.LeafHash}");
        }

        var (position, type) = Described(canonicalBytes);
        return position == leaf.Position && string.Equals(type, leaf.EventType, StringComparison.Ordinal)
            ? null
            : new ReplayFinding("leaf-mislabelled", leaf.Index, leaf.Position,
                $"leaf {leaf.Index} is served as event position {leaf.Position} of type {leaf.EventType}, but its canonical bytes say position {position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} of type {type ?? "(none)"}");
    }

    private static byte[] CanonicalBytesOf(ServedLeaf leaf)
    {
        if (leaf.CanonicalBytes is null)
        {
            throw new UsageError($"The API served leaf {leaf.Index} without its canonical bytes: the token must carry the auditor or admin role.");
        }

        try
        {
            return Convert.FromBase64String(leaf.CanonicalBytes);
        }
        catch (FormatException)
        {
            throw new NotVerified($"leaf {leaf.Index}: its canonical bytes are not base64");
        }
    }

    private void CompareDueRoots()
    {
        while (due.TryPeek(out var root) && root.TreeSize == frontier.Size)
        {
            due.Dequeue();
            var recomputed = frontier.Root();
            if (recomputed.AsSpan().SequenceEqual(root.Root))
            {
                matched.Add(root);
                lastMatchedSize = root.TreeSize;
            }
            else
            {
                findings.Add(new ReplayFinding("root-mismatch", null, null,
                    $"{root.Source} has root {Hex.Of(root.Root)}, but the served leaves make {Hex.Of(recomputed)}: a leaf in [{lastMatchedSize}, {root.TreeSize}) differs from what was signed"));
            }
        }
    }

    /// <summary>The event position and type the canonical bytes hold (null where they hold none).</summary>
    private static (long? Position, string? Type) Described(byte[] canonicalBytes)
    {
        try
        {
            using var document = JsonDocument.Parse(canonicalBytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            long? position = root.TryGetProperty("position", out var number) && number.TryGetInt64(out var value) ? value : null;
            var type = root.TryGetProperty("type", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            return (position, type);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static byte[]? TryHex(string? text)
    {
        try
        {
            return text is null ? null : Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
