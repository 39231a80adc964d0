namespace Ledger.Integrity.Anchoring;

/// <summary>The "Ledger:Anchoring" section: which chain and contract, which account, and when an anchor counts.</summary>
public sealed class AnchoringOptions
{
    public const string Section = "Ledger:Anchoring";

    /// <summary>Anchor checkpoints at all. Off, checkpoints are still signed.</summary>
    public bool Enabled { get; set; }

    /// <summary>The chain's JSON-RPC URL; Chain:RpcUrl when empty.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The id of the chain the anchors must go to: the API does not start against a node of another chain, nor anchor on one.</summary>
    public long? ChainId { get; set; }

    /// <summary>The LedgerAnchor contract's address.</summary>
    public string? Contract { get; set; }

    /// <summary>The anchoring account's secp256k1 private key, hex (prefer a file or an environment variable).</summary>
    public string? PrivateKey { get; set; }

    public string? PrivateKeyFile { get; set; }

    /// <summary>The name of an environment variable that holds the private key.</summary>
    public string? PrivateKeyEnvironmentVariable { get; set; }

    /// <summary>
    /// With no private key: the account a separate signer (the node, or a signing proxy at <see cref="RpcUrl"/>) holds,
    /// to which transactions are sent unsigned with eth_sendTransaction.
    /// </summary>
    public string? SignerAccount { get; set; }

    /// <summary>Blocks on top of (and including) the anchor's block before it counts.</summary>
    public int Confirmations { get; set; } = 2;

    public int PollMilliseconds { get; set; } = 1000;

    public int MaxBackoffSeconds { get; set; } = 60;

    public string? ReadPrivateKey()
    {
        if (!string.IsNullOrWhiteSpace(PrivateKey))
        {
            return PrivateKey.Trim();
        }

        if (!string.IsNullOrWhiteSpace(PrivateKeyFile))
        {
            return File.ReadAllText(PrivateKeyFile).Trim();
        }

        return !string.IsNullOrWhiteSpace(PrivateKeyEnvironmentVariable) ? Environment.GetEnvironmentVariable(PrivateKeyEnvironmentVariable)?.Trim() : null;
    }
}
