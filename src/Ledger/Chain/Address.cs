namespace Ledger.Integrity.Chain;

/// <summary>
/// A 20-byte account address. It prints in EIP-55 mixed-case checksum form; it parses from all-lower or all-upper hex, or
/// from mixed case only when that case is the correct checksum (a mistyped address is then refused, as EIP-55 intends).
/// </summary>
public readonly record struct Address
{
    public const int Size = 20;

    private readonly string lowercaseHex;

    private Address(string lowercaseHex) => this.lowercaseHex = lowercaseHex;

    public static Address Zero => new(ZeroHex);

    public static Address FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length == Size
        ? new Address(Convert.ToHexStringLower(bytes))
        : throw new ArgumentException($"An address is {Size} bytes, not {bytes.Length}.", nameof(bytes));

    /// <summary>The last 20 bytes of the Keccak-256 of the 64-byte public key (x || y, without the 0x04 prefix).</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey) => publicKey.Length == 64
        ? FromBytes(Keccak.Hash256(publicKey).AsSpan(32 - Size))
        : throw new ArgumentException("A public key is the 64 bytes x || y.", nameof(publicKey));

    public static Address Parse(string text) => TryParse(text, out var address)
        ? address
        : throw new FormatException($"\"{text}\" is not an address, or its mixed case is not its EIP-55 checksum.");

    public static bool TryParse(string? text, out Address address)
    {
        address = default;
        if (text is null || text.Length != 2 + (2 * Size) || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = text[2..];
        if (digits.AsSpan().ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        var candidate = new Address(digits.ToLowerInvariant());
        var mixedCase = digits.Any(char.IsLower) && digits.Any(char.IsUpper);
        if (mixedCase && !string.Equals(candidate.ToString()[2..], digits, StringComparison.Ordinal))
        {
            return false;
        }

        address = candidate;
        return true;
    }

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>EIP-55: a letter is upper case when the matching nibble of keccak(lowercase hex) is 8 or more.</summary>
    public override string ToString()
    {
        var hex = Hex;
        var hash = Keccak.Hash256(System.Text.Encoding.ASCII.GetBytes(hex));
        return "0x" + string.Create(hex.Length, (hex, hash), static (output, state) =>
        {
            for (var i = 0; i < output.Length; i++)
            {
                var nibble = (state.hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
                output[i] = nibble >= 8 ? char.ToUpperInvariant(state.hex[i]) : state.hex[i];
            }
        });
    }

    /// <summary>The lowercase hex with "0x", as JSON-RPC requests carry it.</summary>
    public string ToLowercaseHex() => "0x" + Hex;

    public bool Equals(Address other) => string.Equals(Hex, other.Hex, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hex);

    private string Hex => lowercaseHex ?? ZeroHex;

    private static readonly string ZeroHex = new('0', 2 * Size);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
