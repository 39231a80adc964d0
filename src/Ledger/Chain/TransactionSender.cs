using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>What to send: a null <see cref="To"/> creates a contract; a null <see cref="GasLimit"/> is estimated.</summary>
public sealed record OutgoingTransaction(Address? To, ReadOnlyMemory<byte> Data, BigInteger Value = default, ulong? GasLimit = null);

/// <summary>How long and how often to poll for a receipt, and how many blocks (its own included) it must have.</summary>
public sealed record ReceiptPolling(int Confirmations, TimeSpan PollInterval, TimeSpan Timeout)
{
    public static ReceiptPolling Default { get; } = new(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
}

/// <summary>
/// Sends transactions from one account: signed here with an <see cref="EthereumKey"/> and sent raw, or signed by the node
/// or a signer in front of it (eth_sendTransaction). Fees follow EIP-1559 (max fee = 2 × base fee + tip) and fall back to
/// a legacy EIP-155 gas price on a chain without a base fee; the gas limit is the node's estimate plus 20%.
/// One sender per account and process: it sends one transaction at a time so that each takes the next nonce.
/// </summary>
public sealed class TransactionSender
{
    private readonly EthereumRpc rpc;
    private readonly EthereumKey? key;

    // Never disposed: a SemaphoreSlim holds no unmanaged resource unless its AvailableWaitHandle is used.
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private ulong? chainId;

    private TransactionSender(EthereumRpc rpc, Address from, EthereumKey? key)
    {
        this.rpc = rpc;
        this.key = key;
        From = from;
    }

    public Address From { get; }

    public static TransactionSender WithKey(EthereumRpc rpc, EthereumKey key)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        return new TransactionSender(rpc, key.Address, key);
    }

    /// <summary>For a deployment where the node, or a signing proxy in front of it, holds the key of <paramref name="from"/>.</summary>
    public static TransactionSender WithRemoteSigner(EthereumRpc rpc, Address from)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return new TransactionSender(rpc, from, key: null);
    }

    /// <summary>Sends the transaction and returns its hash; it is then pending, not necessarily mined.</summary>
    public async Task<Bytes32> SendAsync(OutgoingTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var gasLimit = transaction.GasLimit ?? await EstimateGasAsync(transaction, cancellationToken);
        var fees = await FeesAsync(cancellationToken);
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return key is null
                ? await rpc.SendTransactionAsync(fees.Apply(new TransactionRequest(From, transaction.To, transaction.Data, transaction.Value, gasLimit)), cancellationToken)
                : await rpc.SendRawTransactionAsync(await SignAsync(key, transaction, gasLimit, fees, cancellationToken), cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    public async Task<TransactionReceipt> SendAndWaitAsync(OutgoingTransaction transaction, ReceiptPolling polling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(polling);
        var hash = await SendAsync(transaction, cancellationToken);
        return await WaitForReceiptAsync(hash, polling.Confirmations, polling.PollInterval, polling.Timeout, cancellationToken);
    }

    /// <summary>Creates a contract from its creation bytecode followed by its ABI-encoded constructor arguments; returns its address.</summary>
    public async Task<Address> DeployAsync(ReadOnlyMemory<byte> bytecode, ReadOnlyMemory<byte> constructorArguments, ReceiptPolling polling, CancellationToken cancellationToken)
    {
        var receipt = await SendAndWaitAsync(new OutgoingTransaction(null, (byte[])[.. bytecode.Span, .. constructorArguments.Span]), polling, cancellationToken);
        return receipt is { Succeeded: true, ContractAddress: { } address } ? address : throw new TransactionRevertedException(receipt);
    }

    public Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, int confirmations, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken) =>
        rpc.WaitForReceiptAsync(hash, confirmations, pollInterval, timeout, cancellationToken);

    private async Task<ulong> EstimateGasAsync(OutgoingTransaction transaction, CancellationToken cancellationToken)
    {
        var estimate = await rpc.EstimateGasAsync(new TransactionRequest(From, transaction.To, transaction.Data, transaction.Value), cancellationToken);
        return checked(((estimate * 6) + 4) / 5);
    }

    private async Task<SignedTransaction> SignAsync(EthereumKey signer, OutgoingTransaction transaction, ulong gasLimit, Fees fees, CancellationToken cancellationToken)
    {
        chainId ??= await rpc.ChainIdAsync(cancellationToken);
        var nonce = await rpc.GetTransactionCountAsync(From, BlockTag.Pending, cancellationToken);
        return fees.GasPrice is { } gasPrice
            ? new LegacyTransaction(nonce, gasPrice, gasLimit, transaction.To, transaction.Value, transaction.Data, chainId).Sign(signer)
            : new Eip1559Transaction(chainId.Value, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit, transaction.To, transaction.Value, transaction.Data).Sign(signer);
    }

    private async Task<Fees> FeesAsync(CancellationToken cancellationToken)
    {
        var latest = await rpc.GetBlockAsync(BlockTag.Latest, cancellationToken) ?? throw new ChainUnavailableException("The node has no latest block.");
        if (latest.BaseFeePerGas is not { } baseFee)
        {
            return new Fees(0, 0, await rpc.GasPriceAsync(cancellationToken));
        }

        var tip = await TipAsync(baseFee, cancellationToken);
        return new Fees(tip, (2 * baseFee) + tip, GasPrice: null);
    }

    private async Task<BigInteger> TipAsync(BigInteger baseFee, CancellationToken cancellationToken)
    {
        try
        {
            return await rpc.MaxPriorityFeePerGasAsync(cancellationToken);
        }
        catch (JsonRpcException)
        {
            return BigInteger.Max(await rpc.GasPriceAsync(cancellationToken) - baseFee, BigInteger.Zero);
        }
    }

    private sealed record Fees(BigInteger MaxPriorityFeePerGas, BigInteger MaxFeePerGas, BigInteger? GasPrice)
    {
        public TransactionRequest Apply(TransactionRequest request) => GasPrice is { } gasPrice
            ? request with { GasPrice = gasPrice }
            : request with { MaxFeePerGas = MaxFeePerGas, MaxPriorityFeePerGas = MaxPriorityFeePerGas };
    }
}
