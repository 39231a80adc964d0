namespace Ledger.Integrity.Chain;

/// <summary>
/// The node could not be reached or gave no JSON-RPC answer (connection refused, timeout, an HTTP error without a
/// JSON-RPC body): the request may succeed later, so callers retry with backoff.
/// </summary>
public sealed class ChainUnavailableException : Exception
{
    public ChainUnavailableException()
    {
    }

    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The node answered a request with a JSON-RPC error. A revert carries the contract's <see cref="RevertData"/>: the
/// selector and arguments of a custom error, or Error(string), to decode with <see cref="AbiError"/>.
/// </summary>
public sealed class JsonRpcException : Exception
{
    public JsonRpcException()
    {
    }

    public JsonRpcException(string message)
        : base(message)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonRpcException(string method, long code, string rpcMessage, byte[]? revertData)
        : base($"{method} failed with JSON-RPC error {code}: {rpcMessage}" + (revertData is null ? "" : $" ({AbiError.Describe(revertData)})"))
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        RevertData = revertData;
    }

    public string Method { get; } = "";

    public long Code { get; }

    public string RpcMessage { get; } = "";

    /// <summary>The data a reverting contract returned, when the node reports it (error code 3 on Geth and anvil).</summary>
    public byte[]? RevertData { get; }

    public bool IsRevert => RevertData is not null;
}

/// <summary>A transaction was mined but reverted (its receipt's status is 0).</summary>
public sealed class TransactionRevertedException : Exception
{
    public TransactionRevertedException()
    {
    }

    public TransactionRevertedException(string message)
        : base(message)
    {
    }

    public TransactionRevertedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransactionRevertedException(TransactionReceipt receipt)
        : base($"Transaction {receipt?.TransactionHash} reverted in block {receipt?.BlockNumber}.") => Receipt = receipt;

    public TransactionReceipt? Receipt { get; }
}
