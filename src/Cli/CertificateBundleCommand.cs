using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Agencies;
using Ledger.Domain.Certificates;
using Ledger.Canonical;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Merkle;

namespace Ledger.Cli;

/// <summary>What `ledger verify certificate` was given: the holder's document, its proof bundle, the chain, and the pins.</summary>
internal sealed record CertificateInput(string Document, string Bundle, Uri Rpc, string? Contract, string? Key);

/// <summary>
/// `ledger verify certificate DOCUMENT --bundle BUNDLE --rpc URL`: checks the document a holder keeps against a proof bundle
/// (ledger.proof-bundle.v2, which holds no personal data and no document) with no call to the ledger. The document's content
/// against its hash; the issuing event (its canonical bytes) against the document; the seal against the key its own
/// registration event carries; the status the latest status event sets; every event's inclusion in the bundle's checkpoint;
/// the checkpoint's signature; and the checkpoint's root against the one anchored on the chain.
/// </summary>
internal static class CertificateBundleCommand
{
    private const string BundleFormat = "ledger.proof-bundle.v2";
    private const string OldBundleFormat = "ledger.proof-bundle.v1";
    private const string Issued = "certificate_issued.v2";
    private const string SealKeyRegistered = "seal_key_registered.v1";
    private static readonly string[] StatusEvents = [Issued, "certificate_suspended.v1", "certificate_reinstated.v1", "certificate_revoked.v1", "certificate_superseded.v1"];

    public static async Task<int> RunAsync(CertificateInput input, Terminal terminal)
    {
        var (documentPath, bundlePath) = (input.Document, input.Bundle);

        var document = ParseDocument(documentPath);
        var bundle = ParseBundle(bundlePath);
        var bundleContract = bundle["anchor"]?["contract"] is JsonValue contractValue && contractValue.TryGetValue<string>(out var contractText) ? contractText : null;
        var chain = (await ChainCommands.AnchorChainAsync(input.Rpc, input.Contract, bundleContract))!;
        var steps = new List<(string Step, bool Passed, string Reason)>();

        var recomputed = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Canonicalise(JsonSerializer.SerializeToElement(document.Content))));
        var intact = string.Equals(recomputed, document.ContentHash, StringComparison.OrdinalIgnoreCase);
        steps.Add(("integrity", intact, intact
            ? "the document's content hashes to its contentHash"
            : $"the document's content hashes to {recomputed}, not to its contentHash {document.ContentHash}: it was changed after it was sealed"));

        var issuance = Event(Node(bundle, "issuance", "bundle"));
        steps.Add(Issuance(issuance, document, recomputed));

        var keyEvent = Event(Node(bundle, "sealKeyRegistration", "bundle"));
        steps.Add(Seal(document, recomputed, issuance, keyEvent));
        var status = Event(Node(bundle, "latestStatus", "bundle"));
        steps.Add(Status(status, issuance));

        var checkpointNode = Node(bundle, "checkpoint", "bundle");
        var verifierKey = input.Key ?? Text(checkpointNode, "verifierKey", "bundle");
        var verification = CheckpointVerifier.Verify(Text(checkpointNode, "signedNote", "bundle"), verifierKey);
        steps.Add(("checkpoint", verification.Verified, verification.Verified
            ? $"signed by {verification.Checkpoint!.Origin}" + (input.Key is null ? " (key taken from the bundle; pin it with --key)" : "")
            : verification.Failure!));
        if (verification.Checkpoint is { } checkpoint)
        {
            foreach (var (name, proven) in new[] { ("issuance", issuance), ("seal key", keyEvent), ("status", status) })
            {
                var included = proven.Path is not null && MerkleProofs.VerifyInclusion(MerkleHash.Leaf(proven.Bytes), proven.Index, checkpoint.Size, proven.Path, checkpoint.Root);
                steps.Add(("inclusion of " + name, included, included ? $"leaf {proven.Index} is in the checkpoint of {checkpoint.Size} leaves" : $"leaf {proven.Index} is not proven in the checkpoint"));
            }

            var logId = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(checkpoint.Origin));
            var onChain = await chain.RootAtAsync(logId, checkpoint.Size, CancellationToken.None);
            var anchored = onChain is not null && onChain.AsSpan().SequenceEqual(checkpoint.Root);
            steps.Add(("anchor", anchored, anchored
                ? $"chain {chain.ChainId} contract {chain.Contract} holds this root for {checkpoint.Size} leaves"
                    + (input.Contract is null ? " (contract taken from the bundle; pin it with --contract)" : "")
                : onChain is null ? $"the contract holds no root for {checkpoint.Size} leaves" : $"the contract holds {Convert.ToHexStringLower(onChain)}, not the checkpoint's root"));
        }

        return Report(steps, terminal);
    }

    private static int Report(List<(string Step, bool Passed, string Reason)> steps, Terminal terminal)
    {
        foreach (var (step, passed, reason) in steps)
        {
            terminal.Out.WriteLine($"{(passed ? "pass" : "FAIL")}  {step}: {reason}");
        }

        var failed = steps.FirstOrDefault(step => !step.Passed);
        terminal.Out.WriteLine(failed.Step is null ? "verified: the certificate is genuine and its history is anchored" : $"not verified: {failed.Step}: {failed.Reason}");
        return failed.Step is null ? 0 : 1;
    }

    /// <summary>The holder's document: its content (as given, to be hashed), the hash it claims and its seal.</summary>
    private sealed record HolderDocument(JsonObject Content, string ContentHash, JsonObject Seal, string Identifier, string Type, string Issuer);

    /// <summary>The issuing event is of this document: the content hash it records is the document's, as are the identifier, type, issuer and seal.</summary>
    private static (string, bool, string) Issuance(ProvenLeaf issuance, HolderDocument document, string recomputed)
    {
        var type = Text(issuance.Leaf, "type", "bundle");
        if (!string.Equals(type, Issued, StringComparison.Ordinal))
        {
            return ("issuance", false, $"leaf {issuance.Index} is a {type} event, not the issuance of a certificate ({Issued})");
        }

        var data = Node(issuance.Leaf, "data", "issuing event");
        var issuedHash = Text(data, "contentHash", "issuing event");
        if (!string.Equals(issuedHash, recomputed, StringComparison.OrdinalIgnoreCase))
        {
            return ("issuance", false, $"leaf {issuance.Index} issued content hashing to {issuedHash}, not this document's content ({recomputed})");
        }

        var onRecord = Node(data, "content", "issuing event");
        foreach (var (name, claimed) in new[] { ("identifier", document.Identifier), ("type", document.Type), ("issuer", document.Issuer) })
        {
            var recorded = Text(onRecord, name, "issuing event");
            if (!string.Equals(recorded, claimed, StringComparison.Ordinal))
            {
                return ("issuance", false, $"leaf {issuance.Index} issued {name} '{recorded}', the document says '{claimed}'");
            }
        }

        return JsonNode.DeepEquals(data["seal"], document.Seal)
            ? ("issuance", true, $"leaf {issuance.Index} issued exactly this content ({document.Identifier}) with this seal")
            : ("issuance", false, $"leaf {issuance.Index} recorded another seal than the document's");
    }

    private static (string, bool, string) Seal(HolderDocument document, string recomputed, ProvenLeaf issuance, ProvenLeaf keyEvent)
    {
        var key = Node(keyEvent.Leaf, "data", "seal-key registration");
        var seal = document.Seal;
        if (!string.Equals(Text(keyEvent.Leaf, "type", "bundle"), SealKeyRegistered, StringComparison.Ordinal)
            || !string.Equals(Text(key, "creditCode", "seal-key registration"), document.Issuer, StringComparison.Ordinal)
            || !string.Equals(Text(key, "keyId", "seal-key registration"), Text(seal, "keyId", "document's seal"), StringComparison.Ordinal))
        {
            return ("seal", false, "the bundle's key event is not the registration of the issuer's seal key");
        }

        var sealKey = new SealKey(Text(key, "keyId", "seal-key registration"), Text(key, "algorithm", "seal-key registration"), Text(key, "publicKey", "seal-key registration"),
            DateTimeOffset.Parse(Text(key, "validFrom", "seal-key registration"), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text(key, "validUntil", "seal-key registration"), CultureInfo.InvariantCulture), null);
        var issuedAt = issuance.Leaf["data"]?["at"] is JsonValue at && at.TryGetValue<string>(out var atText)
            ? DateTimeOffset.Parse(atText, CultureInfo.InvariantCulture)
            : (DateTimeOffset?)null;
        var verifies = new Seal(Text(seal, "keyId", "document's seal"), Text(seal, "algorithm", "document's seal"), Text(seal, "signature", "document's seal"))
            .Verifies(recomputed, sealKey);
        return !verifies ? ("seal", false, "the seal does not verify with the issuer's registered key")
            : issuedAt is null ? ("seal", false, "the issuing event records no time of issue, so the key's validity cannot be checked")
            : !sealKey.IsValidAt(issuedAt.Value) ? ("seal", false, $"the key was not valid at issue ({issuedAt.Value:u})")
            : ("seal", true, $"sealed with {document.Issuer}'s key '{sealKey.KeyId}', valid at issue");
    }

    private static (string, bool, string) Status(ProvenLeaf status, ProvenLeaf issuance)
    {
        var type = Text(status.Leaf, "type", "bundle");
        var sameCertificate = string.Equals(Text(status.Leaf, "stream", "bundle"), Text(issuance.Leaf, "stream", "bundle"), StringComparison.Ordinal);
        if (!sameCertificate || !StatusEvents.Contains(type, StringComparer.Ordinal))
        {
            return ("status", false, "the bundle's status event is not a status event of this certificate");
        }

        if (!string.Equals(Text(issuance.Leaf, "type", "bundle"), Issued, StringComparison.Ordinal))
        {
            return ("status", false, "without the certificate's issuing event its validity is unknown");
        }

        var now = type switch
        {
            Issued or "certificate_reinstated.v1" => "valid",
            "certificate_suspended.v1" => "suspended",
            "certificate_revoked.v1" => "revoked",
            _ => "superseded",
        };
        var validUntil = DateOnly.Parse(Text(Node(Node(issuance.Leaf, "data", "issuing event"), "content", "issuing event"), "validUntil", "issuing event"), CultureInfo.InvariantCulture);
        var expired = DateOnly.FromDateTime(DateTime.UtcNow) > validUntil;
        return string.Equals(now, "valid", StringComparison.Ordinal) && !expired
            ? ("status", true, $"valid (as of leaf {status.Index}; until {validUntil:yyyy-MM-dd})")
            : ("status", false, expired && string.Equals(now, "valid", StringComparison.Ordinal) ? $"expired after {validUntil:yyyy-MM-dd}" : $"{now} since {Text(Node(status.Leaf, "data", "status event"), "at", "status event")}");
    }

    private sealed record ProvenLeaf(long Index, byte[] Bytes, JsonNode Leaf, List<byte[]>? Path);

    private static ProvenLeaf Event(JsonNode node)
    {
        var bytes = Convert.FromBase64String(Text(node, "canonicalBytes", "bundle"));
        var path = node["inclusionPath"] is JsonArray array ? array.Select(hash => Hex.Hash(hash?.GetValue<string>() ?? "", "inclusionPath")).ToList() : null;
        return new ProvenLeaf(node["leafIndex"]?.GetValue<long>() ?? throw new UsageError("An event in the bundle has no leafIndex."), bytes,
            JsonNode.Parse(bytes) ?? throw new UsageError("An event's canonical bytes in the bundle are not JSON."), path);
    }

    private static HolderDocument ParseDocument(string path)
    {
        var root = ParseJson(path, "certificate document");
        if (root["format"] is JsonValue format && format.TryGetValue<string>(out var formatText) && formatText.StartsWith("ledger.proof-bundle", StringComparison.Ordinal))
        {
            throw new UsageError($"{path} is a proof bundle ({formatText}), not a certificate document: give the holder's document first and the bundle with --bundle "
                + "(ledger verify certificate DOCUMENT.json --bundle BUNDLE.json --rpc URL).");
        }

        if (root["content"] is not JsonObject content || root["seal"] is not JsonObject seal)
        {
            throw new UsageError($"{path} is not a certificate document: that is a JSON object with `content` (object), `contentHash` (hex) and `seal` (object).");
        }

        return new HolderDocument(content, Text(root, "contentHash", "document"), seal,
            Text(content, "identifier", "document's content"), Text(content, "type", "document's content"), Text(content, "issuer", "document's content"));
    }

    private static JsonNode ParseBundle(string path)
    {
        var bundle = ParseJson(path, "bundle");
        var format = bundle["format"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return format switch
        {
            BundleFormat => bundle,
            OldBundleFormat => throw new NotVerified(
                $"the bundle is {OldBundleFormat}, the retired format that carried the certificate document; the document is checked only against a {BundleFormat} bundle "
                + "(GET /api/certificates/{id}/proof-bundle)"),
            _ => throw new UsageError($"{path} is not a {BundleFormat} bundle" + (format is null ? "." : $" (its format is '{format}')."))
        };
    }

    private static JsonObject ParseJson(string path, string what)
    {
        var text = File.ReadAllText(path);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new UsageError($"The {what} {path} is not a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new UsageError($"The {what} {path} is not JSON: {exception.Message}");
        }
    }

    private static JsonNode Node(JsonNode parent, string name, string owner) => parent[name] ?? throw new UsageError($"The {owner} has no '{name}'.");

    private static string Text(JsonNode parent, string name, string owner) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new UsageError($"The {owner}'s '{name}' is missing or not text.");
}
