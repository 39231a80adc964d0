using System.Text.Json;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Merkle;

namespace Ledger.Cli;

/// <summary>Verification was carried out and failed: exit code 1, with the reason.</summary>
internal sealed class NotVerified(string reason) : Exception(reason);

/// <summary>
/// `ledger verify …`: each check trusts only its inputs (files the auditor saved, hashes they typed, and a chain node they
/// chose). Proof files may be the JSON the ledger's proof API returns; any value given as an option overrides the file.
/// </summary>
/// <summary>What `ledger verify inclusion` was given: a proof file, and values that override it.</summary>
internal sealed record InclusionInput(
    string? Proof, long? Index, string? Leaf, byte[]? LeafHash, long? Size, byte[]? Root, string? Checkpoint, string? Key, List<byte[]>? Path);

/// <summary>What `ledger verify consistency` was given: a proof file, and values that override it.</summary>
internal sealed record ConsistencyInput(string? Proof, long? From, long? To, byte[]? FromRoot, byte[]? ToRoot, List<byte[]>? Path);

internal static class VerifyCommands
{
    public static int Checkpoint(string path, string key, Terminal terminal)
    {
        var checkpoint = VerifiedCheckpoint(path, key);
        terminal.Out.WriteLine($"verified: checkpoint of {checkpoint.Origin} signed by its key");
        terminal.Out.WriteLine($"size {checkpoint.Size}");
        terminal.Out.WriteLine($"root {Hex.Of(checkpoint.Root)}");
        return 0;
    }

    public static int Inclusion(InclusionInput input, Terminal terminal)
    {
        var proof = ReadJson(input.Proof);
        var index = input.Index ?? Number(proof, "index", "--index");
        var (size, root) = TreeHead(input, proof);
        var leafHash = LeafHash(input, proof);
        var path = input.Path ?? PathOf(proof);
        if (!MerkleProofs.VerifyInclusion(leafHash, index, size, path, root))
        {
            throw new NotVerified($"leaf {Hex.Of(leafHash)} at index {index} is not proven in the tree of {size} leaves with root {Hex.Of(root)}");
        }

        terminal.Out.WriteLine($"verified: leaf {index} ({Hex.Of(leafHash)}) is in the tree of {size} leaves with root {Hex.Of(root)}");
        return 0;
    }

    public static int Consistency(ConsistencyInput input, Terminal terminal)
    {
        var proof = ReadJson(input.Proof);
        var from = input.From ?? Number(proof, "from", "--from");
        var to = input.To ?? Number(proof, "to", "--to");
        var fromRoot = input.FromRoot ?? Hex.Hash(Text(proof, "fromRootHash") ?? throw new UsageError("--from-root is required."), "the proof's fromRootHash");
        var toRoot = input.ToRoot ?? Hex.Hash(Text(proof, "toRootHash") ?? throw new UsageError("--to-root is required."), "the proof's toRootHash");
        if (!MerkleProofs.VerifyConsistency(from, to, fromRoot, toRoot, input.Path ?? PathOf(proof)))
        {
            throw new NotVerified($"the tree of {from} leaves with root {Hex.Of(fromRoot)} is not proven a prefix of the tree of {to} leaves with root {Hex.Of(toRoot)}");
        }

        terminal.Out.WriteLine($"verified: the tree of {from} leaves ({Hex.Of(fromRoot)}) is a prefix of the tree of {to} leaves ({Hex.Of(toRoot)})");
        return 0;
    }

    /// <summary>The checkpoint in a file (a signed note, or the API's checkpoint JSON), verified with the key (text or file).</summary>
    public static Integrity.Checkpoints.Checkpoint VerifiedCheckpoint(string path, string key)
    {
        var text = File.ReadAllText(path);
        if (text.TrimStart().StartsWith('{'))
        {
            text = Text(ParseJson(text, path), "signedNote") ?? throw new UsageError($"{path} is JSON without a signedNote.");
        }

        var verifierKey = File.Exists(key) ? File.ReadAllText(key).Trim() : key;
        var verification = CheckpointVerifier.Verify(text, verifierKey);
        return verification.Checkpoint ?? throw new NotVerified(verification.Failure!);
    }

    private static (long Size, byte[] Root) TreeHead(InclusionInput input, JsonElement? proof)
    {
        if (input.Checkpoint is { } checkpointPath)
        {
            var checkpoint = VerifiedCheckpoint(checkpointPath, input.Key ?? throw new UsageError("--checkpoint needs --key, the ledger's verifier key."));
            return (checkpoint.Size, checkpoint.Root);
        }

        var size = input.Size ?? Number(proof, "treeSize", "--size");
        var root = input.Root ?? Hex.Hash(Text(proof, "rootHash") ?? throw new UsageError("--root (or --checkpoint with --key) is required."), "the proof's rootHash");
        return (size, root);
    }

    private static byte[] LeafHash(InclusionInput input, JsonElement? proof)
    {
        if (input.Leaf is { } leafPath)
        {
            var bytes = File.ReadAllBytes(leafPath);
            // The API's leaf JSON carries the canonical bytes in base64 for auditors, and only the leaf hash for the public;
            // a raw leaf file is the canonical bytes themselves.
            if (TryParseJson(bytes) is { } json)
            {
                if (Text(json, "canonicalBytes") is { } base64)
                {
                    return MerkleHash.Leaf(Convert.FromBase64String(base64));
                }

                if (Text(json, "leafHash") is { } leafHash)
                {
                    return Hex.Hash(leafHash, "the leaf file's leafHash");
                }
            }

            return MerkleHash.Leaf(bytes);
        }

        return input.LeafHash ?? Hex.Hash(Text(proof, "leafHash") ?? throw new UsageError("--leaf, --leaf-hash or a --proof with leafHash is required."), "the proof's leafHash");
    }

    private static List<byte[]> PathOf(JsonElement? proof) =>
        proof is { } json && json.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.Array
            ? [.. path.EnumerateArray().Select(hash => Hex.Hash(hash.GetString() ?? "", "path"))]
            : [];

    private static long Number(JsonElement? proof, string property, string option) =>
        proof is { } json && json.TryGetProperty(property, out var value) && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new UsageError($"{option} is required.");

    private static string? Text(JsonElement? json, string property) =>
        json is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? ReadJson(string? path) => path is null ? null : ParseJson(File.ReadAllText(path), path);

    private static JsonElement ParseJson(string text, string path)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new UsageError($"{path} is not JSON: {exception.Message}");
        }
    }

    private static JsonElement? TryParseJson(byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
