using System.Security.Cryptography;
using System.Text;

namespace Ledger.Integrity.Privacy;

/// <summary>
/// A salted commitment to one personal value (specs/ledger.md, "Commitments"): SHA-256 over a 32-byte random salt
/// followed by the UTF-8 bytes of the value in Unicode normalisation form C. The log holds the commitment; the vault
/// holds the value and its salt, so erasing them leaves a hash that can be neither reversed nor brute-forced.
/// </summary>
public static class Commitment
{
    public const int SaltBytes = 32;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    public static byte[] Of(ReadOnlySpan<byte> salt, string value)
    {
        if (salt.Length != SaltBytes)
        {
            throw new ArgumentException($"A commitment's salt is {SaltBytes} bytes.", nameof(salt));
        }

        var bytes = Encoding.UTF8.GetBytes(value.Normalize(NormalizationForm.FormC));
        var preimage = new byte[SaltBytes + bytes.Length];
        salt.CopyTo(preimage);
        bytes.CopyTo(preimage.AsSpan(SaltBytes));
        return SHA256.HashData(preimage);
    }

    /// <summary>Lower-case hex, as events carry it.</summary>
    public static string HexOf(ReadOnlySpan<byte> salt, string value) => Convert.ToHexStringLower(Of(salt, value));

    public static bool Opens(string commitmentHex, ReadOnlySpan<byte> salt, string value) =>
        salt.Length == SaltBytes
        && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(commitmentHex), Of(salt, value));
}
