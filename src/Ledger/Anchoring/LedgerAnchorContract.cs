using System.Numerics;
using System.Reflection;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Anchoring;

/// <summary>
/// The LedgerAnchor contract (specs/contracts/LedgerAnchor.sol) on a node, through our JSON-RPC client: reads roots,
/// sends anchors with the configured account (a local key, or a remote signer), follows receipts and finds the
/// transaction of an Anchored event. Network failures become <see cref="ChainUnreachableException"/>.
/// </summary>
public sealed class LedgerAnchorContract : IAnchorChain
{
    public static readonly AbiFunction Anchor = AbiFunction.Parse("anchor(bytes32 logId, uint64 treeSize, bytes32 root, bytes32[] consistencyProof)");
    public static readonly AbiFunction RootAt = AbiFunction.Parse("rootAt(bytes32 logId, uint64 treeSize) view returns (bytes32)");
    public static readonly AbiFunction Latest = AbiFunction.Parse("latest(bytes32 logId) view returns (uint64 treeSize, bytes32 root, uint64 anchoredAt)");
    public static readonly AbiFunction AddAnchorer = AbiFunction.Parse("addAnchorer(address account)");
    public static readonly AbiFunction IsAnchorer = AbiFunction.Parse("isAnchorer(address account) view returns (bool)");
    public static readonly AbiEvent Anchored = AbiEvent.Parse("Anchored(bytes32 indexed logId, uint64 treeSize, bytes32 root, uint256 timestamp)");

    public static readonly IReadOnlyList<AbiError> Errors =
    [
        AbiError.Parse("NotAdmin()"),
        AbiError.Parse("NotAnchorer(address account)"),
        AbiError.Parse("ZeroAddress()"),
        AbiError.Parse("EmptyRoot()"),
        AbiError.Parse("TreeSizeNotLarger(uint64 latest, uint64 given)"),
        AbiError.Parse("InconsistentHistory()"),
    ];

    private readonly EthereumRpc rpc;
    private readonly TransactionSender? sender;
    private readonly Address contract;

    private LedgerAnchorContract(EthereumRpc rpc, TransactionSender? sender, Address contract, long chainId)
    {
        this.rpc = rpc;
        this.sender = sender;
        this.contract = contract;
        ChainId = chainId;
    }

    public long ChainId { get; }

    public string Contract => contract.ToString();

    /// <summary>The contract at <paramref name="contract"/>; <paramref name="sender"/> is needed only to anchor.</summary>
    public static async Task<LedgerAnchorContract> ConnectAsync(EthereumRpc rpc, Address contract, TransactionSender? sender, CancellationToken cancellationToken)
    {
        var chainId = await Reach(() => rpc.ChainIdAsync(cancellationToken));
        var code = await Reach(() => rpc.GetCodeAsync(contract, BlockTag.Latest, cancellationToken));
        return code.Length == 0
            ? throw new AnchorRefusedException($"There is no contract at {contract} on chain {chainId}.")
            : new LedgerAnchorContract(rpc, sender, contract, (long)chainId);
    }

    /// <summary>The creation bytecode compiled from specs/contracts/LedgerAnchor.sol, embedded in this assembly.</summary>
    public static byte[] Bytecode()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LedgerAnchor.bin")
            ?? throw new InvalidOperationException("The LedgerAnchor bytecode is not embedded.");
        using var reader = new StreamReader(stream);
        return Convert.FromHexString(reader.ReadToEnd().Trim());
    }

    /// <summary>Deploys a new LedgerAnchor with the sender as admin, and allows the given accounts to anchor.</summary>
    public static async Task<Address> DeployAsync(TransactionSender admin, IReadOnlyList<Address> anchorers, ReceiptPolling polling, CancellationToken cancellationToken)
    {
        var address = await admin.DeployAsync(Bytecode(), ReadOnlyMemory<byte>.Empty, polling, cancellationToken);
        foreach (var anchorer in anchorers)
        {
            await admin.SendAndWaitAsync(new OutgoingTransaction(address, AddAnchorer.EncodeCall(anchorer)), polling, cancellationToken);
        }

        return address;
    }

    public async Task<AnchoredHead?> LatestAsync(byte[] logId, CancellationToken cancellationToken)
    {
        var result = await Reach(() => rpc.CallAsync(contract, Latest, [logId], cancellationToken));
        var size = (long)(BigInteger)result[0];
        return size == 0 ? null : new AnchoredHead(size, Bytes(result[1]), DateTimeOffset.FromUnixTimeSeconds((long)(BigInteger)result[2]));
    }

    public async Task<byte[]?> RootAtAsync(byte[] logId, long treeSize, CancellationToken cancellationToken)
    {
        var result = await Reach(() => rpc.CallAsync(contract, RootAt, [logId, treeSize], cancellationToken));
        var root = Bytes(result[0]);
        return root.All(b => b == 0) ? null : root;
    }

    public async Task<AnchorTransaction> SubmitAsync(byte[] logId, long treeSize, byte[] root, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken)
    {
        var account = sender ?? throw new InvalidOperationException("No anchoring account is configured.");
        var call = Anchor.EncodeCall(logId, treeSize, root, consistencyProof.Cast<object>().ToArray());
        Bytes32 hash;
        try
        {
            hash = await Reach(() => account.SendAsync(new OutgoingTransaction(contract, call), cancellationToken));
        }
        catch (JsonRpcException refused)
        {
            throw new AnchorRefusedException(refused.RevertData is { } data ? AbiError.Describe(data, Errors) : refused.RpcMessage, refused);
        }

        var sent = await Reach(() => rpc.GetTransactionAsync(hash, cancellationToken));
        return new AnchorTransaction(hash.ToString(), account.From.ToString(), sent is null ? -1 : (long)sent.Nonce);
    }

    public async Task<AnchorReceipt?> ReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        var receipt = await Reach(() => rpc.GetTransactionReceiptAsync(Bytes32.Parse(transactionHash), cancellationToken));
        if (receipt is null)
        {
            return null;
        }

        var head = await Reach(() => rpc.BlockNumberAsync(cancellationToken));
        var block = await Reach(() => rpc.GetBlockAsync(BlockTag.Number(receipt.BlockNumber), cancellationToken));
        var anchored = receipt.Logs.FirstOrDefault(log => log.Address.Equals(contract) && Anchored.Matches(log.Topics));
        return new AnchorReceipt(receipt.TransactionHash.ToString(), receipt.Succeeded, receipt.Succeeded ? null : await RevertReasonAsync(receipt, cancellationToken),
            (long)receipt.BlockNumber, receipt.BlockHash.ToString(), block?.Time ?? DateTimeOffset.UnixEpoch, anchored?.LogIndex is { } index ? (int)index : null,
            (long)receipt.GasUsed, (long)head);
    }

    public async Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) =>
        await Reach(() => rpc.GetTransactionAsync(Bytes32.Parse(transactionHash), cancellationToken)) is not null;

    public async Task<string?> BlockHashAsync(long blockNumber, CancellationToken cancellationToken) =>
        (await Reach(() => rpc.GetBlockAsync(BlockTag.Number((ulong)blockNumber), cancellationToken)))?.Hash.ToString();

    public async Task<string?> FindAnchoringTransactionAsync(byte[] logId, long treeSize, CancellationToken cancellationToken)
    {
        var logs = await Reach(() => rpc.GetLogsAsync(new LogFilter(BlockTag.Earliest, BlockTag.Latest, [contract], [[Anchored.Topic0], [Bytes32.FromBytes(logId)]]), cancellationToken));
        return logs.Where(log => !log.Removed)
            .FirstOrDefault(log => (long)(BigInteger)Anchored.Decode(log)[1] == treeSize)?.TransactionHash?.ToString();
    }

    /// <summary>Why a mined transaction reverted: replayed as a call at its block, which returns the revert data.</summary>
    private async Task<string> RevertReasonAsync(TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var sent = await Reach(() => rpc.GetTransactionAsync(receipt.TransactionHash, cancellationToken));
        if (sent is null)
        {
            return "the contract refused the anchor";
        }

        try
        {
            await rpc.CallAsync(new TransactionRequest(sent.From, sent.To, sent.Input), BlockTag.Number(receipt.BlockNumber - 1), cancellationToken);
            return "the contract refused the anchor";
        }
        catch (JsonRpcException exception) when (exception.RevertData is { } data)
        {
            return AbiError.Describe(data, Errors);
        }
    }

    private static byte[] Bytes(object value) => value switch
    {
        byte[] bytes => bytes,
        Bytes32 word => word.ToBytes(),
        _ => throw new FormatException($"Expected bytes32, got {value.GetType().Name}."),
    };

    private static async Task<T> Reach<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ChainUnavailableException unavailable)
        {
            throw new ChainUnreachableException(unavailable.Message, unavailable);
        }
    }
}
