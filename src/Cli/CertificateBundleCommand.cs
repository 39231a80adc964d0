using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Agencies;
using Ledger.Domain.Certificates;
using Ledger.Integrity.Canonical;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Merkle;

namespace Ledger.Cli;

/// <summary>
/// `ledger verify certificate BUNDLE --rpc URL`: checks a proof bundle with no call to the ledger. The content against
/// its hash; the issuing event (its canonical bytes) against the document; the seal against the key its own registration
/// event carries; every event's inclusion in the bundle's checkpoint; the checkpoint's signature; and the checkpoint's
/// root against the one anchored on the chain.
/// </summary>
internal static class CertificateBundleCommand
{
    private static readonly string[] StatusEvents = ["certificate_issued.v1", "certificate_suspended.v1", "certificate_reinstated.v1", "certificate_revoked.v1", "certificate_superseded.v1"];

    public static async Task<int> RunAsync(Options options, Terminal terminal)
    {
        var path = options.Arguments.FirstOrDefault() ?? throw new UsageError("Give the proof bundle's file.");
        var bundle = Parse(File.ReadAllText(MerkleCommands.Existing(path)));
        var chain = await ChainCommands.AnchorChainAsync(options) ?? throw new UsageError("--rpc (and --contract, unless the bundle's contract is to be used) is required: the anchor is checked on the chain.");
        var steps = new List<(string Step, bool Passed, string Reason)>();

        var certificate = Node(bundle, "certificate");
        var content = Node(certificate, "content");
        var contentHash = Text(certificate, "contentHash");
        var recomputed = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Canonicalise(JsonSerializer.SerializeToElement(content))));
        steps.Add(("integrity", string.Equals(recomputed, contentHash, StringComparison.OrdinalIgnoreCase),
            string.Equals(recomputed, contentHash, StringComparison.OrdinalIgnoreCase) ? "the content hashes to its contentHash" : $"the content hashes to {recomputed}, not {contentHash}: it was changed"));

        var issuance = Event(Node(bundle, "issuance"));
        var issuedData = Node(issuance.Leaf, "data");
        var bound = string.Equals(Text(issuance.Leaf, "type"), "certificate_issued.v1", StringComparison.Ordinal)
            && string.Equals(Text(issuedData, "contentHash"), contentHash, StringComparison.OrdinalIgnoreCase)
            && JsonNode.DeepEquals(issuedData["content"], content);
        steps.Add(("issuance", bound, bound ? $"leaf {issuance.Index} issued exactly this content" : $"leaf {issuance.Index} is not the issuance of this content"));

        var keyEvent = Event(Node(bundle, "sealKeyRegistration"));
        steps.Add(Seal(certificate, content, contentHash, issuedData, keyEvent));
        var status = Event(Node(bundle, "latestStatus"));
        steps.Add(Status(status, issuance));

        var checkpointNode = Node(bundle, "checkpoint");
        var verifierKey = options.Single("key") ?? Text(checkpointNode, "verifierKey");
        var verification = CheckpointVerifier.Verify(Text(checkpointNode, "signedNote"), verifierKey);
        steps.Add(("checkpoint", verification.Verified, verification.Verified
            ? $"signed by {verification.Checkpoint!.Origin}" + (options.Single("key") is null ? " (key taken from the bundle; pin it with --key)" : "")
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
                : onChain is null ? $"the contract holds no root for {checkpoint.Size} leaves" : $"the contract holds {Convert.ToHexStringLower(onChain)}, not the checkpoint's root"));
        }

        foreach (var (step, passed, reason) in steps)
        {
            terminal.Out.WriteLine($"{(passed ? "pass" : "FAIL")}  {step}: {reason}");
        }

        var failed = steps.FirstOrDefault(step => !step.Passed);
        terminal.Out.WriteLine(failed.Step is null ? "verified: the certificate is genuine and its history is anchored" : $"not verified: {failed.Step}: {failed.Reason}");
        return failed.Step is null ? 0 : 1;
    }

    private static (string, bool, string) Seal(JsonNode certificate, JsonNode content, string contentHash, JsonNode issuedData, ProvenLeaf keyEvent)
    {
        var key = Node(keyEvent.Leaf, "data");
        var seal = Node(certificate, "seal");
        if (!string.Equals(Text(keyEvent.Leaf, "type"), "seal_key_registered.v1", StringComparison.Ordinal)
            || !string.Equals(Text(key, "creditCode"), Text(content, "issuer"), StringComparison.Ordinal)
            || !string.Equals(Text(key, "keyId"), Text(seal, "keyId"), StringComparison.Ordinal))
        {
            return ("seal", false, "the bundle's key event is not the registration of the issuer's seal key");
        }

        var sealKey = new SealKey(Text(key, "keyId"), Text(key, "algorithm"), Text(key, "publicKey"),
            DateTimeOffset.Parse(Text(key, "validFrom"), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Text(key, "validUntil"), System.Globalization.CultureInfo.InvariantCulture), null);
        var issuedAt = DateTimeOffset.Parse(Text(issuedData, "at"), System.Globalization.CultureInfo.InvariantCulture);
        var verifies = new Seal(Text(seal, "keyId"), Text(seal, "algorithm"), Text(seal, "signature")).Verifies(contentHash, sealKey);
        return !verifies ? ("seal", false, "the seal does not verify with the issuer's registered key")
            : !sealKey.IsValidAt(issuedAt) ? ("seal", false, $"the key was not valid at issue ({issuedAt:u})")
            : ("seal", true, $"sealed with {Text(content, "issuer")}'s key '{sealKey.KeyId}', valid at issue");
    }

    private static (string, bool, string) Status(ProvenLeaf status, ProvenLeaf issuance)
    {
        var type = Text(status.Leaf, "type");
        var sameCertificate = string.Equals(Text(status.Leaf, "stream"), Text(issuance.Leaf, "stream"), StringComparison.Ordinal);
        if (!sameCertificate || !StatusEvents.Contains(type, StringComparer.Ordinal))
        {
            return ("status", false, "the bundle's status event is not a status event of this certificate");
        }

        var now = type switch
        {
            "certificate_issued.v1" or "certificate_reinstated.v1" => "valid",
            "certificate_suspended.v1" => "suspended",
            "certificate_revoked.v1" => "revoked",
            _ => "superseded",
        };
        var validUntil = DateOnly.Parse(Text(Node(Node(issuance.Leaf, "data"), "content"), "validUntil"), System.Globalization.CultureInfo.InvariantCulture);
        var expired = DateOnly.FromDateTime(DateTime.UtcNow) > validUntil;
        return string.Equals(now, "valid", StringComparison.Ordinal) && !expired
            ? ("status", true, $"valid (as of leaf {status.Index}; until {validUntil:yyyy-MM-dd})")
            : ("status", false, expired && string.Equals(now, "valid", StringComparison.Ordinal) ? $"expired after {validUntil:yyyy-MM-dd}" : $"{now} since {Text(Node(status.Leaf, "data"), "at")}");
    }

    private sealed record ProvenLeaf(long Index, byte[] Bytes, JsonNode Leaf, List<byte[]>? Path);

    private static ProvenLeaf Event(JsonNode node)
    {
        var bytes = Convert.FromBase64String(Text(node, "canonicalBytes"));
        var path = node["inclusionPath"] is JsonArray array ? array.Select(hash => Hex.Hash(hash?.GetValue<string>() ?? "", "inclusionPath")).ToList() : null;
        return new ProvenLeaf(node["leafIndex"]?.GetValue<long>() ?? throw new UsageError("An event in the bundle has no leafIndex."), bytes,
            JsonNode.Parse(bytes) ?? throw new UsageError("An event's canonical bytes are not JSON."), path);
    }

    private static JsonNode Parse(string text)
    {
        try
        {
            var bundle = JsonNode.Parse(text) ?? throw new UsageError("The bundle is empty.");
            return string.Equals(bundle["format"]?.GetValue<string>(), "ledger.proof-bundle.v1", StringComparison.Ordinal)
                ? bundle
                : throw new UsageError("The file is not a ledger.proof-bundle.v1 bundle.");
        }
        catch (JsonException exception)
        {
            throw new UsageError("The bundle is not JSON: " + exception.Message);
        }
    }

    private static JsonNode Node(JsonNode parent, string name) => parent[name] ?? throw new UsageError($"The bundle has no '{name}'.");

    private static string Text(JsonNode parent, string name) =>
        parent[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new UsageError($"The bundle's '{name}' is missing or not text.");
}
