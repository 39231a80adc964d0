using Ledger.Domain.Log;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Ledger.Integrity.Anchoring;

/// <summary>
/// The LedgerAnchor contract (specs/contracts/LedgerAnchor.sol) on a node, through Nethereum's typed contract API: reads
/// roots, sends anchors with the configured account (a local key signing EIP-1559 transactions here, or a remote signer
/// that holds the account and signs for eth_sendTransaction), follows receipts and finds the transaction of an Anchored
/// event. A node that cannot be reached becomes <see cref="ChainUnreachableException"/>; a contract or node that refuses
/// the anchor, <see cref="AnchorRefusedException"/> with the contract's custom error decoded.
/// </summary>
public sealed class LedgerAnchorContract : IAnchorChain
{
    /// <summary>The contract's custom errors, as <see cref="AnchorRefusedException.Error"/> carries them.</summary>
    public static readonly IReadOnlyList<Type> Errors =
    [
        typeof(NotAdminError), typeof(NotAnchorerError), typeof(ZeroAddressError), typeof(EmptyRootError), typeof(TreeSizeNotLargerError), typeof(InconsistentHistoryError),
    ];

    private const string RefusedWithoutReason = "the contract refused the anchor";

    private readonly IWeb3 web3;
    private readonly string? from;

    // Never disposed: a SemaphoreSlim holds no unmanaged resource unless its AvailableWaitHandle is used.
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    private LedgerAnchorContract(IWeb3 web3, string? from, string contract, long chainId)
    {
        this.web3 = web3;
        this.from = from;
        Contract = contract;
        ChainId = chainId;
    }

    public long ChainId { get; }

    /// <summary>The contract's address in EIP-55 checksum form.</summary>
    public string Contract { get; }

    /// <summary>The account anchors are sent from, or null when this contract only reads.</summary>
    public string? From => from;

    /// <summary>
    /// The contract at <paramref name="contract"/> on the node at <paramref name="rpc"/>. Anchors are signed with
    /// <paramref name="privateKey"/> when it is given, else sent for <paramref name="signerAccount"/> to a node (or a signing
    /// proxy) that holds its key; with neither, the contract is read-only.
    /// </summary>
    public static async Task<LedgerAnchorContract> ConnectAsync(Uri rpc, string contract, string? privateKey, string? signerAccount, CancellationToken cancellationToken)
    {
        var reader = new Web3(new RpcClient(rpc));
        var chainId = (long)(await Reach(() => reader.Eth.ChainId.SendRequestAsync(), cancellationToken)).Value;
        var code = await Reach(() => reader.Eth.GetCode.SendRequestAsync(contract), cancellationToken);
        if (string.IsNullOrEmpty(code) || string.Equals(code, "0x", StringComparison.Ordinal))
        {
            throw new AnchorRefusedException($"There is no contract at {contract} on chain {chainId}.");
        }

        if (privateKey is not null)
        {
            var signer = Signer(rpc, privateKey, chainId);
            return new LedgerAnchorContract(signer, Checksum(signer.TransactionManager.Account.Address), Checksum(contract), chainId);
        }

        return new LedgerAnchorContract(reader, signerAccount is null ? null : Checksum(signerAccount), Checksum(contract), chainId);
    }

    /// <summary>The node's chain id.</summary>
    public static async Task<long> ChainIdAsync(Uri rpc, CancellationToken cancellationToken) =>
        (long)(await Reach(() => new Web3(new RpcClient(rpc)).Eth.ChainId.SendRequestAsync(), cancellationToken)).Value;

    /// <summary>A Web3 that signs here with <paramref name="privateKey"/> for the chain <paramref name="chainId"/>.</summary>
    public static Web3 Signer(Uri rpc, string privateKey, long chainId) => new(new Account(privateKey, chainId), new RpcClient(rpc));

    /// <summary>Deploys a new LedgerAnchor from the embedded bytecode with <paramref name="admin"/>'s account as admin, and allows the given accounts to anchor.</summary>
    public static async Task<string> DeployAsync(IWeb3 admin, IReadOnlyList<string> anchorers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(anchorers);
        var deployed = await Reach(() => admin.Eth.GetContractDeploymentHandler<LedgerAnchorDeployment>().SendRequestAndWaitForReceiptAsync(new LedgerAnchorDeployment(), cancellationToken), cancellationToken);
        if (!Succeeded(deployed) || deployed.ContractAddress is not { } address)
        {
            throw new AnchorRefusedException($"The deployment {deployed.TransactionHash} reverted.");
        }

        foreach (var anchorer in anchorers)
        {
            var added = await Reach(() => admin.Eth.GetContractTransactionHandler<AddAnchorerFunction>()
                .SendRequestAndWaitForReceiptAsync(address, new AddAnchorerFunction { Account = anchorer }, cancellationToken), cancellationToken);
            if (!Succeeded(added))
            {
                throw new AnchorRefusedException($"addAnchorer({anchorer}) reverted in {added.TransactionHash}.");
            }
        }

        return Checksum(address);
    }

    public async Task<AnchoredHead?> LatestAsync(byte[] logId, CancellationToken cancellationToken)
    {
        var latest = await Reach(() => web3.Eth.GetContractQueryHandler<LatestFunction>()
            .QueryDeserializingToObjectAsync<LatestOutput>(new LatestFunction { LogId = logId }, Contract), cancellationToken);
        return latest.TreeSize == 0 ? null : new AnchoredHead((long)latest.TreeSize, latest.Root, DateTimeOffset.FromUnixTimeSeconds((long)latest.AnchoredAt));
    }

    public async Task<byte[]?> RootAtAsync(byte[] logId, long treeSize, CancellationToken cancellationToken)
    {
        var root = await Reach(() => web3.Eth.GetContractQueryHandler<RootAtFunction>()
            .QueryAsync<byte[]>(Contract, new RootAtFunction { LogId = logId, TreeSize = (ulong)treeSize }), cancellationToken);
        return root is null || root.All(b => b == 0) ? null : root;
    }

    public async Task<AnchorTransaction> SubmitAsync(byte[] logId, long treeSize, byte[] root, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken)
    {
        var account = from ?? throw new InvalidOperationException("No anchoring account is configured.");
        var call = new AnchorFunction { FromAddress = account, LogId = logId, TreeSize = (ulong)treeSize, Root = root, ConsistencyProof = [.. consistencyProof] };
        string hash;
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // The nonce is the node's pending count each time: a count kept here would outlive a reorganisation or a send that failed.
            if (web3.TransactionManager.Account?.NonceService is { } nonces)
            {
                await nonces.ResetNonceAsync();
            }

            hash = await Reach(() => web3.Eth.GetContractTransactionHandler<AnchorFunction>().SendRequestAsync(Contract, call), cancellationToken);
        }
        catch (Exception exception) when (Refusal(exception) is not null)
        {
            throw Refusal(exception)!;
        }
        finally
        {
            oneAtATime.Release();
        }

        var sent = await Reach(() => web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash), cancellationToken);
        return new AnchorTransaction(hash, account, sent?.Nonce is { } nonce ? (long)nonce.Value : -1);
    }

    public async Task<MinedReceipt?> ReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        var receipt = await Reach(() => web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash), cancellationToken);
        if (receipt is null)
        {
            return null;
        }

        var head = await Reach(() => web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), cancellationToken);
        var block = await Reach(() => web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(receipt.BlockNumber), cancellationToken);
        var succeeded = Succeeded(receipt);
        var anchored = receipt.DecodeAllEvents<AnchoredEvent>().FirstOrDefault(log => AddressUtil.Current.AreAddressesTheSame(log.Log.Address, Contract));
        return new MinedReceipt(receipt.TransactionHash, succeeded, succeeded ? null : await RevertReasonAsync(receipt, cancellationToken),
            (long)receipt.BlockNumber.Value, receipt.BlockHash, block is null ? DateTimeOffset.UnixEpoch : DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value),
            anchored?.Log.LogIndex is { } index ? (int)index.Value : null, (long)receipt.GasUsed.Value, (long)head.Value);
    }

    public async Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) =>
        await Reach(() => web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash), cancellationToken) is not null;

    public async Task<string?> BlockHashAsync(long blockNumber, CancellationToken cancellationToken) =>
        (await Reach(() => web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(blockNumber)), cancellationToken))?.BlockHash;

    public async Task<string?> FindAnchoringTransactionAsync(byte[] logId, long treeSize, CancellationToken cancellationToken)
    {
        var anchored = web3.Eth.GetEvent<AnchoredEvent>(Contract);
        // The generic overload: the non-generic CreateFilterInput(byte[]) would take the 32 bytes for 32 topics.
        var filter = anchored.CreateFilterInput<byte[]>(logId, BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await Reach(() => anchored.GetAllChangesAsync(filter), cancellationToken);
        return logs.Where(log => !log.Log.Removed).FirstOrDefault(log => log.Event.TreeSize == (ulong)treeSize)?.Log.TransactionHash;
    }

    /// <summary>What a revert says: the contract's custom error with its arguments, Error(string)'s reason, or the node's message.</summary>
    public static AnchorRefusedException? Refusal(Exception exception) => exception switch
    {
        SmartContractCustomErrorRevertException custom => Errors.FirstOrDefault(custom.IsCustomErrorFor) is { } type
            ? new AnchorRefusedException(Describe(custom, type), custom, custom.DecodeError(type))
            : new AnchorRefusedException($"unknown revert data {custom.ExceptionEncodedData}", custom),
        SmartContractRevertException revert => new AnchorRefusedException($"Error({revert.RevertMessage})", revert),
        RpcResponseException rpc => new AnchorRefusedException(rpc.RpcError?.Message ?? rpc.Message, rpc),
        _ => null,
    };

    private static string Describe(SmartContractCustomErrorRevertException exception, Type type)
    {
        var error = ABITypedRegistry.GetError(type);
        var arguments = exception.DecodeErrorToDefault(error).Select(output => output.Result switch
        {
            byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
            var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        });
        return $"{error.Name}({string.Join(", ", arguments)})";
    }

    /// <summary>Why a mined transaction reverted: replayed as a call at the block before its own, which returns the revert data.</summary>
    private async Task<string> RevertReasonAsync(TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var sent = await Reach(() => web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash), cancellationToken);
        if (sent is null)
        {
            return RefusedWithoutReason;
        }

        try
        {
            var replay = new CallInput { From = sent.From, To = sent.To, Data = sent.Input };
            await Reach(() => web3.Eth.Transactions.Call.SendRequestAsync(replay, new BlockParameter(new HexBigInteger(BigInteger.Max(receipt.BlockNumber.Value - 1, 0)))), cancellationToken);
            return RefusedWithoutReason;
        }
        catch (RpcResponseException rpc)
        {
            try
            {
                ContractRevertExceptionHandler.HandleContractRevertException(rpc);
                return rpc.RpcError?.Message ?? RefusedWithoutReason;
            }
            catch (Exception decoded) when (Refusal(decoded) is { } refusal)
            {
                return refusal.Message;
            }
        }
    }

    private static bool Succeeded(TransactionReceipt receipt) => receipt.Status?.Value == 1;

    private static string Checksum(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);

    private static async Task<T> Reach<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        catch (RpcClientUnknownException unreachable)
        {
            throw new ChainUnreachableException(unreachable.InnerException?.Message ?? unreachable.Message, unreachable);
        }
        catch (RpcClientTimeoutException timeout)
        {
            throw new ChainUnreachableException(timeout.Message, timeout);
        }
    }
}
