using Ledger.Integrity.Anchoring;

namespace Ledger.Cli;

/// <summary>Commands and options that talk to the chain.</summary>
internal static class ChainCommands
{
    /// <summary>The anchor contract at --contract on the node at --rpc, or null when no --rpc is given.</summary>
    public static Task<IAnchorChain?> AnchorChainAsync(Options options) =>
        options.Single("rpc") is null
            ? Task.FromResult<IAnchorChain?>(null)
            : throw new UsageError("Reading anchors from a chain is not available in this build.");
}
