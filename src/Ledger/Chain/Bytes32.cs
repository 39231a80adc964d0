namespace Ledger.Integrity.Chain;

/// <summary>A 32-byte word: a transaction or block hash, a log topic, a storage key.</summary>
public readonly record struct Bytes32
{
    public const int Size = 32;

    private readonly string lowercaseHex;

    private Bytes32(string lowercaseHex) => this.lowercaseHex = lowercaseHex;

    public static Bytes32 Zero => new(ZeroHex);

    public static Bytes32 FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length == Size
        ? new Bytes32(Convert.ToHexStringLower(bytes))
        : throw new ArgumentException($"Expected {Size} bytes, not {bytes.Length}.", nameof(bytes));

    public static Bytes32 Parse(string hex) => FromBytes(Chain.Hex.Parse(hex));

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    public override string ToString() => "0x" + Hex;

    public bool Equals(Bytes32 other) => string.Equals(Hex, other.Hex, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hex);

    private string Hex => lowercaseHex ?? ZeroHex;

    private static readonly string ZeroHex = new('0', 2 * Size);
}
