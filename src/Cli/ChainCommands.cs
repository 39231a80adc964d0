using System.Security.Cryptography;
using System.Text;
using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Chain;

namespace Ledger.Cli;

/// <summary>Commands and options that talk to the chain: deploying the anchor contract, and checking an anchor on it.</summary>
internal static class ChainCommands
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

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
            return await LedgerAnchorContract.ConnectAsync(Rpc(rpcUrl), contract, null, CancellationToken.None);
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
        var admin = TransactionSender.WithKey(rpc, KeyFrom(options));
        var anchorers = options.All("anchorer").Select(text => ParseAddress(text, "--anchorer")).DefaultIfEmpty(admin.From).ToList();
        var polling = new ReceiptPolling(1, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2));
        try
        {
            var address = await LedgerAnchorContract.DeployAsync(admin, anchorers, polling, CancellationToken.None);
            terminal.Out.WriteLine(address.ToString());
            return 0;
        }
        catch (ChainUnavailableException unavailable)
        {
            throw new UsageError("The chain does not answer: " + unavailable.Message);
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

    private static EthereumRpc Rpc(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
            ? new EthereumRpc(Http, uri)
            : throw new UsageError($"--rpc must be an http(s) URL; got '{url}'.");

    private static EthereumKey KeyFrom(Options options)
    {
        try
        {
            return options.Single("key-file") is { } file ? EthereumKey.FromFile(MerkleCommands.Existing(file))
                : options.Single("key-env") is { } variable ? EthereumKey.FromEnvironment(variable)
                : throw new UsageError("--key-file or --key-env (the deploying account's private key) is required.");
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new UsageError("The private key is not usable: " + exception.Message);
        }
    }

    private static Address ParseAddress(string text, string what) =>
        Address.TryParse(text, out var address) ? address : throw new UsageError($"{what} is not an Ethereum address: '{text}'.");
}
