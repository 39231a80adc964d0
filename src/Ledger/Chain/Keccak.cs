using Org.BouncyCastle.Crypto.Digests;

namespace Ledger.Integrity.Chain;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not FIPS 202 SHA3-256).</summary>
public static class Keccak
{
    public static byte[] Hash256(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }
}
