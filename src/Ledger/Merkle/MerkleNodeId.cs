using System.Runtime.InteropServices;

namespace Ledger.Integrity.Merkle;

/// <summary>
/// A perfect subtree of the log: the 2^<see cref="Level"/> leaves starting at leaf <see cref="Index"/> × 2^Level. Level 0
/// nodes are the leaf hashes. These are the only hashes the log stores; every other hash is computed from a few of them.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct MerkleNodeId(int Level, long Index)
{
    public long FirstLeaf => Index << Level;

    public long EndLeaf => (Index + 1) << Level;

    public override string ToString() => $"{Level}/{Index}";
}

/// <summary>The leaves [<see cref="Start"/>, <see cref="End"/>) whose RFC 9162 subtree hash some proof or root needs.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct LeafRange(long Start, long End)
{
    public long Count => End - Start;
}
