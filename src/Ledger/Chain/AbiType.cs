using System.Globalization;

namespace Ledger.Integrity.Chain;

public enum AbiKind
{
    UInt,
    Int,
    Address,
    Bool,
    FixedBytes,
    Bytes,
    String,
    Array,
    FixedArray,
    Tuple,
}

/// <summary>
/// A Solidity ABI type. <see cref="Size"/> is the bit width of uint/int, the byte count of bytesN and the length of T[k];
/// <see cref="Element"/> is the T of T[] and T[k]; <see cref="Components"/> are the types of a tuple.
/// </summary>
public sealed record AbiType(AbiKind Kind, int Size = 0, AbiType? Element = null, IReadOnlyList<AbiType>? Components = null)
{
    /// <summary>The name used in signatures: uint256 rather than uint, (bytes32,uint64) for a tuple.</summary>
    public string CanonicalName => Kind switch
    {
        AbiKind.UInt => $"uint{Size}",
        AbiKind.Int => $"int{Size}",
        AbiKind.Address => "address",
        AbiKind.Bool => "bool",
        AbiKind.FixedBytes => $"bytes{Size}",
        AbiKind.Bytes => "bytes",
        AbiKind.String => "string",
        AbiKind.Array => $"{ElementType.CanonicalName}[]",
        AbiKind.FixedArray => $"{ElementType.CanonicalName}[{Size}]",
        AbiKind.Tuple => $"({string.Join(',', ComponentTypes.Select(component => component.CanonicalName))})",
        _ => throw new InvalidOperationException($"Unknown ABI kind {Kind}."),
    };

    /// <summary>Whether values of this type live in the tail and are reached through an offset in the head.</summary>
    public bool IsDynamic => Kind switch
    {
        AbiKind.Bytes or AbiKind.String or AbiKind.Array => true,
        AbiKind.FixedArray => ElementType.IsDynamic,
        AbiKind.Tuple => ComponentTypes.Any(component => component.IsDynamic),
        _ => false,
    };

    /// <summary>The bytes this type takes in the head of its enclosing tuple.</summary>
    public int HeadSize => IsDynamic ? 32 : Kind switch
    {
        AbiKind.FixedArray => Size * ElementType.HeadSize,
        AbiKind.Tuple => ComponentTypes.Sum(component => component.HeadSize),
        _ => 32,
    };

    internal AbiType ElementType => Element ?? throw new InvalidOperationException($"An ABI {Kind} has no element type.");

    internal IReadOnlyList<AbiType> ComponentTypes => Components ?? throw new InvalidOperationException($"An ABI {Kind} has no components.");

    public static AbiType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim();
        if (text.EndsWith(']'))
        {
            var open = text.LastIndexOf('[');
            var element = Parse(text[..open]);
            var length = text[(open + 1)..^1];
            return length.Length == 0
                ? new AbiType(AbiKind.Array, Element: element)
                : new AbiType(AbiKind.FixedArray, int.Parse(length, NumberStyles.None, CultureInfo.InvariantCulture), element);
        }

        if (text.StartsWith('('))
        {
            return text.EndsWith(')')
                ? new AbiType(AbiKind.Tuple, Components: [.. AbiSignature.SplitTopLevel(text[1..^1]).Select(component => AbiSignature.Parameter(component).Type)])
                : throw new FormatException($"\"{name}\" is not a tuple type.");
        }

        return Elementary(text) ?? throw new FormatException($"\"{name}\" is not an ABI type this client knows.");
    }

    private static AbiType? Elementary(string name) => name switch
    {
        "address" => new AbiType(AbiKind.Address),
        "bool" => new AbiType(AbiKind.Bool),
        "bytes" => new AbiType(AbiKind.Bytes),
        "string" => new AbiType(AbiKind.String),
        "uint" => new AbiType(AbiKind.UInt, 256),
        "int" => new AbiType(AbiKind.Int, 256),
        _ when Sized(name, "uint") is { } bits && bits % 8 == 0 && bits is >= 8 and <= 256 => new AbiType(AbiKind.UInt, bits),
        _ when Sized(name, "int") is { } bits && bits % 8 == 0 && bits is >= 8 and <= 256 => new AbiType(AbiKind.Int, bits),
        _ when Sized(name, "bytes") is { } size && size is >= 1 and <= 32 => new AbiType(AbiKind.FixedBytes, size),
        _ => null,
    };

    private static int? Sized(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && name[prefix.Length] != '0'
        && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
}
