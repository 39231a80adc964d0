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
internal static class VerifyCommands
{
    public static int Checkpoint(Options options, Terminal terminal)
    {
        var checkpoint = VerifiedCheckpoint(options.Arguments.FirstOrDefault() ?? options.Required("checkpoint"), options.Required("key"));
        terminal.Out.WriteLine($"verified: checkpoint of {checkpoint.Origin} signed by its key");
        terminal.Out.WriteLine($"size {checkpoint.Size}");
        terminal.Out.WriteLine($"root {Hex.Of(checkpoint.Root)}");
        return 0;
    }

    public static int Inclusion(Options options, Terminal terminal)
    {
        var proof = ReadJson(options.Single("proof"));
        var index = Number(options, "index", proof, "index");
        var (size, root) = TreeHead(options, proof, "size", "treeSize", "root", "rootHash");
        var leafHash = LeafHash(options, proof);
        var path = Path(options, proof);
        if (!MerkleProofs.VerifyInclusion(leafHash, index, size, path, root))
        {
            throw new NotVerified($"leaf {Hex.Of(leafHash)} at index {index} is not proven in the tree of {size} leaves with root {Hex.Of(root)}");
        }

        terminal.Out.WriteLine($"verified: leaf {index} ({Hex.Of(leafHash)}) is in the tree of {size} leaves with root {Hex.Of(root)}");
        return 0;
    }

    public static int Consistency(Options options, Terminal terminal)
    {
        var proof = ReadJson(options.Single("proof"));
        var from = Number(options, "from", proof, "from");
        var to = Number(options, "to", proof, "to");
        var fromRoot = Hex.Hash(options.Single("from-root") ?? Text(proof, "fromRootHash") ?? throw new UsageError("--from-root is required."), "--from-root");
        var toRoot = Hex.Hash(options.Single("to-root") ?? Text(proof, "toRootHash") ?? throw new UsageError("--to-root is required."), "--to-root");
        if (!MerkleProofs.VerifyConsistency(from, to, fromRoot, toRoot, Path(options, proof)))
        {
            throw new NotVerified($"the tree of {from} leaves with root {Hex.Of(fromRoot)} is not proven a prefix of the tree of {to} leaves with root {Hex.Of(toRoot)}");
        }

        terminal.Out.WriteLine($"verified: the tree of {from} leaves ({Hex.Of(fromRoot)}) is a prefix of the tree of {to} leaves ({Hex.Of(toRoot)})");
        return 0;
    }

    /// <summary>The checkpoint in a file (a signed note, or the API's checkpoint JSON), verified with the key (text or file).</summary>
    public static Integrity.Checkpoints.Checkpoint VerifiedCheckpoint(string path, string key)
    {
        var text = File.ReadAllText(MerkleCommands.Existing(path));
        if (text.TrimStart().StartsWith('{'))
        {
            text = Text(ParseJson(text, path), "signedNote") ?? throw new UsageError($"{path} is JSON without a signedNote.");
        }

        var verifierKey = File.Exists(key) ? File.ReadAllText(key).Trim() : key;
        var verification = CheckpointVerifier.Verify(text, verifierKey);
        return verification.Checkpoint ?? throw new NotVerified(verification.Failure!);
    }

    private static (long Size, byte[] Root) TreeHead(Options options, JsonElement? proof, string sizeOption, string sizeProperty, string rootOption, string rootProperty)
    {
        if (options.Single("checkpoint") is { } checkpointPath)
        {
            var checkpoint = VerifiedCheckpoint(checkpointPath, options.Required("key"));
            return (checkpoint.Size, checkpoint.Root);
        }

        var size = Number(options, sizeOption, proof, sizeProperty);
        var root = Hex.Hash(options.Single(rootOption) ?? Text(proof, rootProperty) ?? throw new UsageError($"--{rootOption} (or --checkpoint with --key) is required."), $"--{rootOption}");
        return (size, root);
    }

    private static byte[] LeafHash(Options options, JsonElement? proof)
    {
        if (options.Single("leaf") is { } leafPath)
        {
            var bytes = File.ReadAllBytes(MerkleCommands.Existing(leafPath));
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

        return Hex.Hash(options.Single("leaf-hash") ?? Text(proof, "leafHash") ?? throw new UsageError("--leaf, --leaf-hash or a --proof with leafHash is required."), "--leaf-hash");
    }

    private static List<byte[]> Path(Options options, JsonElement? proof)
    {
        var given = options.All("path");
        if (given.Count > 0)
        {
            return [.. given.SelectMany(part => part.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(hash => Hex.Hash(hash, "--path"))];
        }

        return proof is { } json && json.TryGetProperty("path", out var path) && path.ValueKind == JsonValueKind.Array
            ? [.. path.EnumerateArray().Select(hash => Hex.Hash(hash.GetString() ?? "", "path"))]
            : [];
    }

    private static long Number(Options options, string option, JsonElement? proof, string property)
    {
        if (options.Single(option) is not null)
        {
            return options.RequiredNumber(option);
        }

        return proof is { } json && json.TryGetProperty(property, out var value) && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new UsageError($"--{option} is required.");
    }

    private static string? Text(JsonElement? json, string property) =>
        json is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? ReadJson(string? path) => path is null ? null : ParseJson(File.ReadAllText(MerkleCommands.Existing(path)), path);

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
