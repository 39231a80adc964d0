namespace Ledger.Integrity.Chain;

/// <summary>
/// A secp256k1 private key and the account it controls. Nothing it prints, and no message of the exceptions it throws,
/// contains the key: only the address.
/// </summary>
public sealed class EthereumKey
{
    private readonly byte[] privateKey;

    private EthereumKey(byte[] privateKey)
    {
        this.privateKey = privateKey;
        var publicKey = Secp256k1.PublicKey(privateKey);
        PublicKey = publicKey;
        Address = Address.FromPublicKey(publicKey);
    }

    public Address Address { get; }

    /// <summary>The 64-byte public key x || y.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    public static EthereumKey FromBytes(ReadOnlySpan<byte> privateKey) => Secp256k1.IsValidPrivateKey(privateKey)
        ? new EthereumKey(privateKey.ToArray())
        : throw new ArgumentException("A private key is 32 bytes holding a number from 1 to n - 1.", nameof(privateKey));

    /// <summary>64 hex digits, with or without "0x"; surrounding whitespace is ignored.</summary>
    public static EthereumKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        byte[] bytes;
        try
        {
            bytes = Hex.Parse(hex);
        }
        catch (FormatException notHex)
        {
            throw new FormatException("The private key is not hex.", notHex);
        }

        return bytes.Length == 32 ? FromBytes(bytes) : throw new FormatException("The private key is not 32 bytes (64 hex digits).");
    }

    public static EthereumKey FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"The environment variable {variable} holds no private key.")
            : FromHex(value);
    }

    /// <summary>A file holding the key as hex, with or without "0x", and perhaps a trailing newline.</summary>
    public static EthereumKey FromFile(string path) => FromHex(File.ReadAllText(path));

    public EcdsaSignature Sign(ReadOnlySpan<byte> hash) => Secp256k1.Sign(privateKey, hash);

    public override string ToString() => $"EthereumKey {Address}";
}
