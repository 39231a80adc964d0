using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Integrity.Chain;

/// <summary>
/// Ethereum's JSON-RPC API (execution-apis) over HTTP. A JSON-RPC error becomes a <see cref="JsonRpcException"/>; a node
/// that cannot be reached or does not answer in JSON-RPC, a <see cref="ChainUnavailableException"/>.
/// </summary>
public sealed class EthereumRpc(HttpClient http, Uri endpoint)
{
    private long lastId;

    public Uri Endpoint { get; } = endpoint;

    public async Task<ulong> ChainIdAsync(CancellationToken cancellationToken) =>
        RpcJson.UInt64(await RequestAsync("eth_chainId", [], cancellationToken));

    public async Task<ulong> BlockNumberAsync(CancellationToken cancellationToken) =>
        RpcJson.UInt64(await RequestAsync("eth_blockNumber", [], cancellationToken));

    /// <summary>The block's header fields, or null when there is no such block yet.</summary>
    public async Task<Block?> GetBlockAsync(BlockTag block, CancellationToken cancellationToken) =>
        RpcJson.OrNull(await RequestAsync("eth_getBlockByNumber", [block.Value, false], cancellationToken), RpcJson.Block);

    public async Task<BigInteger> GetBalanceAsync(Address account, BlockTag block, CancellationToken cancellationToken) =>
        RpcJson.Quantity(await RequestAsync("eth_getBalance", [account.ToLowercaseHex(), block.Value], cancellationToken));

    /// <summary>The account's nonce: <see cref="BlockTag.Pending"/> counts the transactions waiting in the node's pool too.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address account, BlockTag block, CancellationToken cancellationToken) =>
        RpcJson.UInt64(await RequestAsync("eth_getTransactionCount", [account.ToLowercaseHex(), block.Value], cancellationToken));

    public async Task<byte[]> GetCodeAsync(Address account, BlockTag block, CancellationToken cancellationToken) =>
        RpcJson.Data(await RequestAsync("eth_getCode", [account.ToLowercaseHex(), block.Value], cancellationToken));

    public async Task<BigInteger> GasPriceAsync(CancellationToken cancellationToken) =>
        RpcJson.Quantity(await RequestAsync("eth_gasPrice", [], cancellationToken));

    /// <summary>The node's suggested tip; not every node has this method (it then answers with JSON-RPC error -32601).</summary>
    public async Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken) =>
        RpcJson.Quantity(await RequestAsync("eth_maxPriorityFeePerGas", [], cancellationToken));

    public async Task<ulong> EstimateGasAsync(TransactionRequest transaction, CancellationToken cancellationToken) =>
        RpcJson.UInt64(await RequestAsync("eth_estimateGas", [RpcJson.Transaction(transaction)], cancellationToken));

    /// <summary>What the call returns without sending a transaction; a revert is a <see cref="JsonRpcException"/> with its revert data.</summary>
    public async Task<byte[]> CallAsync(TransactionRequest transaction, BlockTag block, CancellationToken cancellationToken) =>
        RpcJson.Data(await RequestAsync("eth_call", [RpcJson.Transaction(transaction), block.Value], cancellationToken));

    /// <summary>Calls a contract function at the latest block and decodes what it returns by the function's outputs.</summary>
    public async Task<object[]> CallAsync(Address contract, AbiFunction function, object[] arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.DecodeOutput(await CallAsync(new TransactionRequest(To: contract, Data: function.EncodeCall(arguments)), BlockTag.Latest, cancellationToken));
    }

    public async Task<Bytes32> SendRawTransactionAsync(SignedTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return RpcJson.Hash(await RequestAsync("eth_sendRawTransaction", [Hex.Format(transaction.Raw.Span)], cancellationToken));
    }

    /// <summary>Has the node, or a signer in front of it, sign and send the transaction for <see cref="TransactionRequest.From"/>.</summary>
    public async Task<Bytes32> SendTransactionAsync(TransactionRequest transaction, CancellationToken cancellationToken) =>
        RpcJson.Hash(await RequestAsync("eth_sendTransaction", [RpcJson.Transaction(transaction)], cancellationToken));

    public async Task<ChainTransaction?> GetTransactionAsync(Bytes32 hash, CancellationToken cancellationToken) =>
        RpcJson.OrNull(await RequestAsync("eth_getTransactionByHash", [hash.ToString()], cancellationToken), RpcJson.ChainTransaction);

    /// <summary>The receipt, or null while the transaction is not mined (or is unknown to the node).</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Bytes32 hash, CancellationToken cancellationToken) =>
        RpcJson.OrNull(await RequestAsync("eth_getTransactionReceipt", [hash.ToString()], cancellationToken), RpcJson.Receipt);

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken) =>
        [.. (await RequestAsync("eth_getLogs", [RpcJson.Filter(filter)], cancellationToken)).EnumerateArray().Select(RpcJson.Log)];

    /// <summary>
    /// Polls until the transaction has <paramref name="confirmations"/> blocks on top of and including its own (1: mined).
    /// The node being unavailable for a while does not end the wait; the timeout does, with a <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, int confirmations, TimeSpan pollInterval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ChainUnavailableException? lastFailure = null;
        try
        {
            while (true)
            {
                try
                {
                    if (await GetTransactionReceiptAsync(hash, deadline.Token) is { } receipt
                        && (confirmations <= 1 || await BlockNumberAsync(deadline.Token) + 1 >= receipt.BlockNumber + (ulong)confirmations))
                    {
                        return receipt;
                    }
                }
                catch (ChainUnavailableException unavailable)
                {
                    lastFailure = unavailable;
                }

                await Task.Delay(pollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Transaction {hash} had no receipt with {confirmations} confirmation(s) within {timeout}.", lastFailure);
        }
    }

    /// <summary>Any JSON-RPC method: its result, which is JSON null when the node has none.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref lastId),
            ["method"] = method,
            ["params"] = parameters,
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        var (status, body) = await PostAsync(method, content, cancellationToken);
        return RpcJson.Result(method, status, body);
    }

    private async Task<(int Status, string Body)> PostAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsync(Endpoint, content, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException failure)
        {
            throw new ChainUnavailableException($"{method}: the node at {Endpoint} could not be reached: {failure.Message}", failure);
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChainUnavailableException($"{method}: the node at {Endpoint} did not answer in time.", timeout);
        }
    }
}
