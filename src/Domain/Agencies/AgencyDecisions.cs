using System.Security.Cryptography;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Agencies;

public sealed record RegisterAgency(string CreditCode, string Name, string District, IReadOnlyList<string> CertificateTypes, Actor By);

public sealed record RegisterSealKey(string CreditCode, long Version, string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, Actor By);

public sealed record RetireSealKey(string CreditCode, long Version, string KeyId, string Reason, Actor By);

public static class AgencyDecisions
{
    /// <summary>Seal algorithms the ledger can verify. SM2 with SM3 (GB/T 38540) joins this list when a verifier for it does.</summary>
    public static readonly IReadOnlySet<string> SealAlgorithms = new HashSet<string>(StringComparer.Ordinal) { SealAlgorithm.EcdsaP256Sha256 };

    public static AgencyRegistered Decide(RegisterAgency command, DateTimeOffset now)
    {
        if (!UnifiedSocialCreditCode.IsValid(command.CreditCode))
        {
            throw new RuleBroken("credit-code-invalid", $"{command.CreditCode} is not a unified social credit code: its check character does not match.");
        }

        return new AgencyRegistered(command.CreditCode, command.Name, command.District, [.. command.CertificateTypes.Distinct(StringComparer.Ordinal)], command.By, now);
    }

    public static SealKeyRegistered Decide(Agency agency, RegisterSealKey command, DateTimeOffset now)
    {
        ActsForItself(agency, command.By);
        if (!SealAlgorithms.Contains(command.Algorithm))
        {
            throw new RuleBroken("seal-algorithm-unsupported", $"Seals in {command.Algorithm} cannot be verified; supported: {string.Join(", ", SealAlgorithms)}.");
        }

        if (!SealAlgorithm.IsPublicKey(command.Algorithm, command.PublicKey))
        {
            throw new RuleBroken("seal-public-key-invalid", $"The public key is not a base64 DER SubjectPublicKeyInfo of a {command.Algorithm} key.");
        }

        if (command.ValidUntil <= command.ValidFrom)
        {
            throw new RuleBroken("seal-key-window-empty", "A seal key's validity must end after it starts.");
        }

        if (agency.SealKeys.ContainsKey(command.KeyId))
        {
            throw new RuleBroken("seal-key-exists", $"Agency {agency.CreditCode} already has a seal key {command.KeyId}.");
        }

        return new SealKeyRegistered(agency.CreditCode, command.KeyId, command.Algorithm, command.PublicKey, command.ValidFrom, command.ValidUntil, command.By, now);
    }

    public static SealKeyRetired Decide(Agency agency, RetireSealKey command, DateTimeOffset now)
    {
        ActsForItself(agency, command.By);
        if (!agency.SealKeys.TryGetValue(command.KeyId, out var key))
        {
            throw new RuleBroken("seal-key-unknown", $"Agency {agency.CreditCode} has no seal key {command.KeyId}.");
        }

        if (key.RetiredAt is not null)
        {
            throw new RuleBroken("seal-key-already-retired", $"Seal key {command.KeyId} was retired at {key.RetiredAt:O}.");
        }

        return new SealKeyRetired(agency.CreditCode, command.KeyId, command.Reason, command.By, now);
    }

    private static void ActsForItself(Agency agency, Actor by)
    {
        if (!string.Equals(agency.CreditCode, by.Agency, StringComparison.Ordinal))
        {
            throw new RuleBroken("not-own-agency", $"Only agency {agency.CreditCode} manages its own seal keys.");
        }
    }
}

public static class SealAlgorithm
{
    /// <summary>ECDSA over NIST P-256 with SHA-256; the signature is the 64-byte r‖s (IEEE P1363) form, base64.</summary>
    public const string EcdsaP256Sha256 = "ECDSA-P256-SHA256";

    public static bool IsPublicKey(string algorithm, string publicKey)
    {
        if (!string.Equals(algorithm, EcdsaP256Sha256, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> der = stackalloc byte[publicKey.Length];
        if (!Convert.TryFromBase64String(publicKey, der, out var length))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(der[..length], out _);
            return string.Equals(key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value, ECCurve.NamedCurves.nistP256.Oid.Value, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
