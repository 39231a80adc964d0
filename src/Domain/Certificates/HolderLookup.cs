using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Certificates;

/// <summary>
/// Certificates are found by holder through a keyed hash (HMAC-SHA256 with the deployment's secret lookup key) of the
/// holder's identity number, so the registry can be searched by holder without being searchable by plaintext numbers,
/// and a leaked registry cannot be reversed by hashing every possible number without the key.
/// </summary>
public static class HolderLookup
{
    public static string Of(string identityNumber, byte[] lookupKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(lookupKey, Encoding.UTF8.GetBytes(identityNumber.Trim().ToUpperInvariant())));
}
