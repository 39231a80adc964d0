using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Privacy;
using Ledger.Canonical;

namespace Ledger.Domain.Certificates;

public sealed record Holder(ApplicantKind Kind, string Name, string IdentityNumber);

/// <summary>
/// What a certificate says, and what its seal signs: the document its holder keeps. Its content hash is SHA-256 over the
/// RFC 8785 canonical form of this record as JSON (camelCase names, enums as strings, dates as yyyy-MM-dd); see
/// specs/ledger.md. <paramref name="Nonce"/> is 32 random bytes (64 hex digits) chosen by the issuer, so that the hash
/// cannot be found by trying every identity number against the public fields; the log never holds it for a person.
/// </summary>
public sealed record CertificateContent(
    string Identifier,
    string Type,
    string Issuer,
    Holder Holder,
    IReadOnlyDictionary<string, string> Fields,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string Nonce)
{
    public const int NonceHexLength = 64;

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceHexLength / 2));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public byte[] CanonicalBytes() => CanonicalJson.Canonicalise(JsonSerializer.SerializeToElement(this, Json));

    /// <summary>Lower-case hex SHA-256 of <see cref="CanonicalBytes"/>.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes()));
}

/// <summary>
/// A certificate's content as the log and the registry record it: what is public in the clear (identifier, type, issuer,
/// validity; an enterprise holder's name, code and fields), and for a person holder only sealed references to the name,
/// identity number, every field value and the nonce. The content hash beside it binds the document the holder keeps.
/// </summary>
public sealed record CertificateOnRecord(
    string Identifier,
    string Type,
    string Issuer,
    PartyOnRecord Holder,
    IReadOnlyDictionary<string, Recorded> Fields,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    Recorded Nonce)
{
    /// <summary>The content of an enterprise's certificate as recorded: registry data, every value in the clear.</summary>
    public static CertificateOnRecord ForEnterprise(CertificateContent content)
    {
        if (content.Holder.Kind != ApplicantKind.Enterprise)
        {
            throw new ArgumentException("Only an enterprise holder's values are recorded in the clear; a person's are sealed in the vault.", nameof(content));
        }

        return new CertificateOnRecord(
            content.Identifier, content.Type, content.Issuer, PartyOnRecord.Enterprise(content.Holder.Name, content.Holder.IdentityNumber),
            content.Fields.ToDictionary(field => field.Key, field => Recorded.InClear(field.Value), StringComparer.Ordinal),
            content.ValidFrom, content.ValidUntil, Recorded.InClear(content.Nonce));
    }
}

/// <summary>An electronic seal (电子印章): the issuing agency's signature over the content hash with one of its seal keys.</summary>
/// <param name="Signature">Base64 of the signature over the 32 bytes of the content hash; for ECDSA-P256-SHA256, the 64-byte r‖s form.</param>
public sealed record Seal(string KeyId, string Algorithm, string Signature)
{
    public bool Verifies(string contentHash, SealKey key)
    {
        if (!string.Equals(Algorithm, key.Algorithm, StringComparison.Ordinal) || !string.Equals(Algorithm, SealAlgorithm.EcdsaP256Sha256, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var publicKey = ECDsa.Create();
            publicKey.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.PublicKey), out _);
            return publicKey.VerifyData(Convert.FromHexString(contentHash), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>What an agency's own system does to seal content; the ledger never holds the private key.</summary>
    public static Seal Sign(string contentHash, string keyId, ECDsa privateKey) =>
        new(keyId, SealAlgorithm.EcdsaP256Sha256, Convert.ToBase64String(
            privateKey.SignData(Convert.FromHexString(contentHash), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
}
