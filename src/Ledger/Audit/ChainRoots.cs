using Ledger.Integrity.Anchoring;

namespace Ledger.Integrity.Audit;

/// <summary>
/// What the chain itself says of a log's anchors, read by the auditor's own calls: the root the contract holds at each size
/// said to be anchored, and the log's latest anchored head. Both audits (the database's and the API's) trust these roots.
/// </summary>
public static class ChainRoots
{
    /// <param name="anchored">The anchors the ledger's records claim, each with the words a finding or a match names it by.</param>
    /// <returns>The roots the chain holds, and the claimed anchors it holds no root for.</returns>
    public static async Task<(List<TrustedRoot> Roots, List<(T Claim, string Source)> Missing)> ReadAsync<T>(
        IAnchorChain chain, byte[] logId, IReadOnlyList<T> anchored, Func<T, (long TreeSize, string Source)> describe,
        Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var roots = new List<TrustedRoot>();
        var missing = new List<(T Claim, string Source)>();
        foreach (var claim in anchored)
        {
            var (treeSize, source) = describe(claim);
            if (await chain.RootAtAsync(logId, treeSize, cancellationToken) is { } root)
            {
                roots.Add(new TrustedRoot(treeSize, root, source));
            }
            else
            {
                missing.Add((claim, source));
            }

            progress?.Invoke(roots.Count + missing.Count, anchored.Count + 1);
        }

        if (await chain.LatestAsync(logId, cancellationToken) is { } latest && roots.TrueForAll(root => root.TreeSize != latest.TreeSize))
        {
            roots.Add(new TrustedRoot(latest.TreeSize, latest.Root, $"the latest anchor on chain {chain.ChainId} (contract {chain.Contract}), {latest.TreeSize} leaves"));
        }

        progress?.Invoke(anchored.Count + 1, anchored.Count + 1);
        return (roots, missing);
    }
}
