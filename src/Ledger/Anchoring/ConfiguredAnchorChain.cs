using Ledger.Domain.Log;
using Ledger.Integrity.Anchoring;

namespace Ledger.Integrity.Anchoring;

/// <summary>
/// The anchor contract from configuration, connected on first use and again after a failure, so that a chain that is
/// down when the API starts (or goes down later) delays anchoring without stopping anything else.
/// </summary>
public sealed class ConfiguredAnchorChain(AnchoringOptions options, string rpcUrl) : IAnchorChain, IDisposable
{
    private readonly SemaphoreSlim connecting = new(1, 1);
    private LedgerAnchorContract? connected;

    public long ChainId => connected?.ChainId ?? throw new InvalidOperationException("The chain has not answered yet.");

    public string Contract => connected?.Contract ?? options.Contract ?? "";

    public async Task<AnchoredHead?> LatestAsync(byte[] logId, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).LatestAsync(logId, cancellationToken);

    public async Task<byte[]?> RootAtAsync(byte[] logId, long treeSize, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).RootAtAsync(logId, treeSize, cancellationToken);

    public async Task<AnchorTransaction> SubmitAsync(byte[] logId, long treeSize, byte[] root, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).SubmitAsync(logId, treeSize, root, consistencyProof, cancellationToken);

    public async Task<MinedReceipt?> ReceiptAsync(string transactionHash, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).ReceiptAsync(transactionHash, cancellationToken);

    public async Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).IsKnownAsync(transactionHash, cancellationToken);

    public async Task<string?> BlockHashAsync(long blockNumber, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).BlockHashAsync(blockNumber, cancellationToken);

    public async Task<string?> FindAnchoringTransactionAsync(byte[] logId, long treeSize, CancellationToken cancellationToken) =>
        await (await ContractAsync(cancellationToken)).FindAnchoringTransactionAsync(logId, treeSize, cancellationToken);

    public void Dispose()
    {
        connecting.Dispose();
    }

    private async Task<LedgerAnchorContract> ContractAsync(CancellationToken cancellationToken)
    {
        if (connected is { } contract)
        {
            return contract;
        }

        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (connected is null)
            {
                var address = options.Contract ?? throw new InvalidOperationException("Ledger:Anchoring:Contract is not configured.");
                var reached = await LedgerAnchorContract.ConnectAsync(new Uri(rpcUrl), address, options.ReadPrivateKey(), options.SignerAccount, cancellationToken);
                connected = options.ChainId is { } expected && expected != reached.ChainId
                    ? throw new InvalidOperationException($"The node at {rpcUrl} is chain {reached.ChainId}, not Ledger:Anchoring:ChainId {expected}: nothing is anchored on it.")
                    : reached;
            }

            return connected;
        }
        finally
        {
            connecting.Release();
        }
    }
}
