using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Identity;

/// <summary>
/// Streams keyed by a natural key (an agency's credit code, a matter's code) get a name-based UUID (RFC 9562 section 5.5,
/// version 5): the same key always names the same stream, so a second registration collides instead of forking history.
/// </summary>
public static class StreamIds
{
    private static readonly Guid LedgerNamespace = Guid.Parse("6b1d3f0e-4a57-5c1e-9a55-1ed6e7a9c0de");

    public static Guid ForAgency(string creditCode) => NameBased("agency:" + creditCode);

    public static Guid ForMatter(string matterCode) => NameBased("matter:" + matterCode);

    /// <summary>A certificate's stream, by its identifier: an identifier is issued once.</summary>
    public static Guid ForCertificate(string identifier) => NameBased("certificate:" + identifier);

    public static Guid NameBased(string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        LedgerNamespace.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 names for version 5 UUIDs; it identifies, it does not protect.
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
