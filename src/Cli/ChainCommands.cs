using System.Security.Cryptography;
using System.Text;
using Ledger.Integrity.Anchoring;
using Nethereum.Util;

namespace Ledger.Cli;

/// <summary>What `ledger chain deploy` was given: the node, where the admin's key is, and the accounts allowed to anchor.</summary>
internal sealed record DeployInput(Uri Rpc, string? KeyFile, string? KeyEnv, List<string> Anchorers);

/// <summary>What `ledger verify anchor` was given: the contract, and a checkpoint with its key or the log, size and root.</summary>
internal sealed record AnchorInput(Uri Rpc, string Contract, string? Checkpoint, string? Key, string? Origin, long? Size, byte[]? Root);

/// <summary>Commands and options that talk to the chain: deploying the anchor contract, and checking an anchor on it.</summary>
internal static class ChainCommands
{
    /// <summary>
    /// The anchor contract <paramref name="contract"/> (or, when it is not given, <paramref name="fallbackContract"/>) on the
    /// node at <paramref name="rpc"/>, or null when no node is given.
    /// </summary>
    public static async Task<IAnchorChain?> AnchorChainAsync(Uri? rpc, string? contract, string? fallbackContract = null)
    {
        if (rpc is null)
        {
            return null;
        }

        var address = contract
            ?? (fallbackContract is null ? throw new UsageError("--contract is required with --rpc.") : ParseAddress(fallbackContract, "The bundle's anchor contract"));
        try
        {
            return await LedgerAnchorContract.ConnectAsync(rpc, address, privateKey: null, signerAccount: null, CancellationToken.None);
        }
        catch (ChainUnreachableException unreachable)
        {
            throw new UsageError($"The chain at {rpc} does not answer: {unreachable.Message}");
        }
        catch (AnchorRefusedException refused)
        {
            throw new UsageError(refused.Message);
        }
    }

    /// <summary>`ledger chain deploy`: a new LedgerAnchor, administered by the key's account, with the anchoring accounts allowed.</summary>
    public static async Task<int> DeployAsync(DeployInput input, Terminal terminal)
    {
        var rpc = input.Rpc;
        var key = KeyFrom(input.KeyFile, input.KeyEnv);
        var anchorers = input.Anchorers;
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
    public static async Task<int> VerifyAnchorAsync(AnchorInput input, Terminal terminal)
    {
        var chain = (await AnchorChainAsync(input.Rpc, input.Contract))!;
        var (origin, size, root) = AnchoredHead(input);
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

    /// <summary>The checkpoint's log, size and root, verified with its key; else the ones given as options.</summary>
    private static (string Origin, long Size, byte[] Root) AnchoredHead(AnchorInput input)
    {
        if (input.Checkpoint is { } checkpointPath)
        {
            var checkpoint = VerifyCommands.VerifiedCheckpoint(checkpointPath, input.Key ?? throw new UsageError("--checkpoint needs --key, the ledger's verifier key."));
            return (checkpoint.Origin, checkpoint.Size, checkpoint.Root);
        }

        return (input.Origin ?? throw new UsageError("--origin is required without --checkpoint."),
            input.Size ?? throw new UsageError("--size is required without --checkpoint."),
            input.Root ?? throw new UsageError("--root is required without --checkpoint."));
    }

    /// <summary>The deploying account's private key: 64 hex digits, with or without "0x", from a file or an environment variable. No message shows it.</summary>
    private static string KeyFrom(string? keyFile, string? keyEnv)
    {
        var text = keyFile is { } file ? File.ReadAllText(file)
            : keyEnv is { } variable ? Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : throw new UsageError($"The private key is not usable: the environment variable {variable} holds no private key.")
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
    public static string ParseAddress(string text, string what)
    {
        var valid = AddressUtil.Current.IsValidEthereumAddressHexFormat(text)
            && (!text[2..].Any(char.IsLower) || !text[2..].Any(char.IsUpper) || AddressUtil.Current.IsChecksumAddress(text));
        return valid ? AddressUtil.Current.ConvertToChecksumAddress(text) : throw new UsageError($"{what} is not an Ethereum address: '{text}'.");
    }
}
