using System.Security.Cryptography;
using System.Text;

namespace Ledger.Integrity.Anchoring;

/// <summary>The anchor contract's name for a log: SHA-256 of its origin line (the checkpoint key's name).</summary>
public static class LogId
{
    public static byte[] Of(string origin) => SHA256.HashData(Encoding.UTF8.GetBytes(origin));
}
