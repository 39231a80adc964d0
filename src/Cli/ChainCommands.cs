using System.Security.Cryptography;
using System.Text;
using Ledger.Integrity.Anchoring;
using Nethereum.Util;

namespace Ledger.Cli;

/// <summary>Commands and options that talk to the chain: deploying the anchor contract, and checking an anchor on it.</summary>
internal static class ChainCommands
{
    /// <summary>
    /// The anchor contract at --contract (or, when it is not given and <paramref name="fallbackContract"/> is, that one) on the
    /// node at --rpc, or null when no --rpc is given.
    /// </summary>
    public static async Task<IAnchorChain?> AnchorChainAsync(Options options, string? fallbackContract = null)
    {
        if (options.Single("rpc") is not { } rpcUrl)
        {
            return null;
        }

        var contract = options.Single("contract") is { } pinned ? ParseAddress(pinned, "--contract")
            : fallbackContract is not null ? ParseAddress(fallbackContract, "The bundle's anchor contract")
            : ParseAddress(options.Required("contract"), "--contract");
        try
        {
            return await LedgerAnchorContract.ConnectAsync(Rpc(rpcUrl), contract, privateKey: null, signerAccount: null, CancellationToken.None);
        }
        catch (ChainUnreachableException unreachable)
        {
            throw new UsageError($"The chain at {rpcUrl} does not answer: {unreachable.Message}");
        }
        catch (AnchorRefusedException refused)
        {
            throw new UsageError(refused.Message);
        }
    }

    /// <summary>`ledger chain deploy`: a new LedgerAnchor, administered by the key's account, with the anchoring accounts allowed.</summary>
    public static async Task<int> DeployAsync(Options options, Terminal terminal)
    {
        var rpc = Rpc(options.Required("rpc"));
        var key = KeyFrom(options);
        var anchorers = options.All("anchorer").Select(text => ParseAddress(text, "--anchorer")).ToList();
        try
        {
            var chainId = await LedgerAnchorContract.ChainIdAsync(rpc, CancellationToken.None);
            var admin = LedgerAnchorContract.Signer(rpc, key, chainId);
            var address = await LedgerAnchorContract.DeployAsync(admin, anchorers.DefaultIfEmpty(admin.TransactionManager.Account.Address).ToList(), CancellationToken.None);
            terminal.Out.WriteLine(address);
            return 0;
        }
        catch (ChainUnreachableException unreachable)
        {
            throw new UsageError("The chain does not answer: " + unreachable.Message);
        }
        catch (AnchorRefusedException refused)
        {
            throw new UsageError("The deployment was refused: " + refused.Message);
        }
    }

    /// <summary>`ledger verify anchor`: the root the contract holds for a checkpoint's size is the checkpoint's root.</summary>
    public static async Task<int> VerifyAnchorAsync(Options options, Terminal terminal)
    {
        var chain = await AnchorChainAsync(options) ?? throw new UsageError("--rpc is required.");
        string origin;
        long size;
        byte[] root;
        if (options.Single("checkpoint") is { } checkpointPath)
        {
            var checkpoint = VerifyCommands.VerifiedCheckpoint(checkpointPath, options.Required("key"));
            (origin, size, root) = (checkpoint.Origin, checkpoint.Size, checkpoint.Root);
        }
        else
        {
            (origin, size, root) = (options.Required("origin"), options.RequiredNumber("size"), Hex.Hash(options.Required("root"), "--root"));
        }

        var logId = SHA256.HashData(Encoding.UTF8.GetBytes(origin));
        var anchored = await chain.RootAtAsync(logId, size, CancellationToken.None);
        if (anchored is null)
        {
            throw new NotVerified($"contract {chain.Contract} on chain {chain.ChainId} holds no root of {origin} at {size} leaves");
        }

        if (!anchored.AsSpan().SequenceEqual(root))
        {
            throw new NotVerified($"contract {chain.Contract} on chain {chain.ChainId} holds {Hex.Of(anchored)} for {size} leaves, not {Hex.Of(root)}");
        }

        var transaction = await chain.FindAnchoringTransactionAsync(logId, size, CancellationToken.None);
        terminal.Out.WriteLine($"verified: {origin} at {size} leaves, root {Hex.Of(root)}, is anchored on chain {chain.ChainId} by contract {chain.Contract}"
            + (transaction is null ? "" : $" in transaction {transaction}"));
        return 0;
    }

    private static Uri Rpc(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
            ? uri
            : throw new UsageError($"--rpc must be an http(s) URL; got '{url}'.");

    /// <summary>The deploying account's private key: 64 hex digits, with or without "0x", from a file or an environment variable. No message shows it.</summary>
    private static string KeyFrom(Options options)
    {
        var text = options.Single("key-file") is { } file ? File.ReadAllText(MerkleCommands.Existing(file))
            : options.Single("key-env") is { } variable ? Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : throw new UsageError($"The private key is not usable: the environment variable {variable} holds no private key.")
            : throw new UsageError("--key-file or --key-env (the deploying account's private key) is required.");
        var digits = text.Trim();
        digits = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? digits[2..] : digits;
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit))
        {
            throw new UsageError("The private key is not usable: it is not 32 bytes (64 hex digits).");
        }

        try
        {
            _ = new Nethereum.Signer.EthECKey(digits);
            return digits;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw new UsageError("The private key is not usable: it is not a secp256k1 private key.");
        }
    }

    /// <summary>An address in all-lower or all-upper hex, or in mixed case only when that case is its EIP-55 checksum.</summary>
    private static string ParseAddress(string text, string what)
    {
        var valid = AddressUtil.Current.IsValidEthereumAddressHexFormat(text)
            && (!text[2..].Any(char.IsLower) || !text[2..].Any(char.IsUpper) || AddressUtil.Current.IsChecksumAddress(text));
        return valid ? AddressUtil.Current.ConvertToChecksumAddress(text) : throw new UsageError($"{what} is not an Ethereum address: '{text}'.");
    }
}
