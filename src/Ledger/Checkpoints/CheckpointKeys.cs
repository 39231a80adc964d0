using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Ledger.Integrity.Checkpoints;

/// <summary>
/// C2SP signed-note keys for Ed25519 (signature type 0x01). The key ID is the first four bytes of
/// SHA-256(name || "\n" || 0x01 || public key); a verifier key is "name+hex(key ID)+base64(0x01 || public key)".
/// </summary>
public static class NoteKeys
{
    public const byte Ed25519Type = 0x01;

    public static byte[] KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var input = new List<byte>(Encoding.UTF8.GetBytes(name)) { (byte)'\n', Ed25519Type };
        input.AddRange(publicKey.ToArray());
        return SHA256.HashData(input.ToArray())[..4];
    }

    public static string VerifierKey(string name, ReadOnlySpan<byte> publicKey) =>
        $"{name}+{Convert.ToHexStringLower(KeyId(name, publicKey))}+{Convert.ToBase64String([Ed25519Type, .. publicKey])}";

    /// <summary>Reads "name+keyid+base64(0x01 || key)", checking the key ID matches the name and key.</summary>
    public static (string Name, byte[] PublicKey) ParseVerifierKey(string verifierKey)
    {
        var parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3 || parts[0].Length == 0)
        {
            throw new FormatException("A verifier key is name+keyid+base64 key.");
        }

        byte[] typed;
        try
        {
            typed = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException exception)
        {
            throw new FormatException("The verifier key's key is not base64.", exception);
        }

        if (typed.Length != 33 || typed[0] != Ed25519Type)
        {
            throw new FormatException("Only Ed25519 verifier keys (type 0x01, 32 bytes) are supported.");
        }

        var publicKey = typed[1..];
        return string.Equals(parts[1], Convert.ToHexStringLower(KeyId(parts[0], publicKey)), StringComparison.OrdinalIgnoreCase)
            ? (parts[0], publicKey)
            : throw new FormatException("The verifier key's key ID does not match its name and key.");
    }

    /// <summary>A new Ed25519 private key as PKCS#8 PEM, for `ledger dev-keys`.</summary>
    public static string GeneratePem()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return Encoding.ASCII.GetString(key.Export(KeyBlobFormat.PkixPrivateKeyText));
    }
}
