using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace Ledger.Integrity.Chain;

/// <summary>An ECDSA signature with the recovery id (0 or 1 in practice) that lets the signer's public key be recovered.</summary>
public readonly record struct EcdsaSignature(System.Numerics.BigInteger R, System.Numerics.BigInteger S, byte RecoveryId);

/// <summary>
/// ECDSA on secp256k1 as Ethereum uses it (SEC 1 v2 sections 4.1.3 and 4.1.6, RFC 6979 deterministic nonces, and the
/// "low s" rule of EIP-2: s is at most n/2).
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    public static System.Numerics.BigInteger Order { get; } = ToNumerics(Curve.N);

    public static bool IsValidPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var d = new BigInteger(1, privateKey);
        return privateKey.Length == 32 && d.SignValue > 0 && d.CompareTo(Curve.N) < 0;
    }

    /// <summary>The 64-byte public key x || y of a 32-byte private key.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> privateKey)
    {
        var d = PrivateScalar(privateKey);
        return Uncompressed(new FixedPointCombMultiplier().Multiply(Domain.G, d));
    }

    public static EcdsaSignature Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> hash)
    {
        RequireHash(hash);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(forSigning: true, new ECPrivateKeyParameters(PrivateScalar(privateKey), Domain));
        var rs = signer.GenerateSignature(hash.ToArray());
        var r = rs[0];
        var s = rs[1].CompareTo(HalfN) > 0 ? Curve.N.Subtract(rs[1]) : rs[1];

        // Negating s mirrors R, which flips its y parity; searching for the id that recovers our key accounts for that.
        var publicKey = PublicKey(privateKey);
        for (byte recoveryId = 0; recoveryId < 4; recoveryId++)
        {
            if (Recover(hash, r, s, recoveryId) is { } recovered && recovered.AsSpan().SequenceEqual(publicKey))
            {
                return new EcdsaSignature(ToNumerics(r), ToNumerics(s), recoveryId);
            }
        }

        throw new InvalidOperationException("No recovery id reproduces the signing key.");
    }

    /// <summary>The 64-byte public key that made <paramref name="signature"/> over <paramref name="hash"/>, or null if none can have.</summary>
    public static byte[]? Recover(ReadOnlySpan<byte> hash, EcdsaSignature signature)
    {
        RequireHash(hash);
        var r = FromNumerics(signature.R);
        var s = FromNumerics(signature.S);
        return InRange(r) && InRange(s) && signature.RecoveryId < 4 ? Recover(hash, r, s, signature.RecoveryId) : null;
    }

    public static bool IsLowS(EcdsaSignature signature) => FromNumerics(signature.S).CompareTo(HalfN) <= 0;

    private static byte[]? Recover(ReadOnlySpan<byte> hash, BigInteger r, BigInteger s, byte recoveryId)
    {
        var x = r.Add(Curve.N.Multiply(BigInteger.ValueOf(recoveryId / 2)));
        if (x.CompareTo(Curve.Curve.Field.Characteristic) >= 0)
        {
            return null;
        }

        ECPoint point;
        try
        {
            point = Curve.Curve.DecodePoint([(byte)(0x02 | (recoveryId & 1)), .. x.ToByteArrayUnsigned().PadLeft(32)]);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var e = new BigInteger(1, hash);
        var rInverse = r.ModInverse(Curve.N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, Curve.N.Subtract(e).Multiply(rInverse).Mod(Curve.N), point, s.Multiply(rInverse).Mod(Curve.N));
        return q.IsInfinity ? null : Uncompressed(q);
    }

    private static BigInteger PrivateScalar(ReadOnlySpan<byte> privateKey) => IsValidPrivateKey(privateKey)
        ? new BigInteger(1, privateKey)
        : throw new ArgumentException("A private key is 32 bytes holding a number from 1 to n - 1.", nameof(privateKey));

    private static byte[] Uncompressed(ECPoint point) => point.Normalize().GetEncoded(compressed: false)[1..];

    private static bool InRange(BigInteger value) => value.SignValue > 0 && value.CompareTo(Curve.N) < 0;

    private static void RequireHash(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException("Ethereum signs 32-byte hashes.", nameof(hash));
        }
    }

    private static System.Numerics.BigInteger ToNumerics(BigInteger value) => new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    private static BigInteger FromNumerics(System.Numerics.BigInteger value) => value.Sign < 0
        ? BigInteger.Zero
        : new BigInteger(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));

    private static byte[] PadLeft(this byte[] bytes, int length) => bytes.Length >= length ? bytes : [.. new byte[length - bytes.Length], .. bytes];
}
