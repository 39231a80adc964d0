using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>Which block a query reads: a number, or one of the node's named tags.</summary>
public readonly record struct BlockTag(string Value)
{
    public static BlockTag Latest { get; } = new("latest");

    public static BlockTag Pending { get; } = new("pending");

    public static BlockTag Earliest { get; } = new("earliest");

    public static BlockTag Safe { get; } = new("safe");

    public static BlockTag Finalized { get; } = new("finalized");

    public static BlockTag Number(ulong number) => new(Hex.FormatQuantity(number));

    public override string ToString() => Value;
}

/// <summary>A block header's fields this client needs; <see cref="BaseFeePerGas"/> is null before the London fork.</summary>
public sealed record Block(ulong Number, Bytes32 Hash, Bytes32 ParentHash, ulong Timestamp, BigInteger? BaseFeePerGas, ulong GasLimit, ulong GasUsed)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds((long)Timestamp);
}

/// <summary>A log a contract emitted; the block and transaction fields are null while the log is pending.</summary>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<Bytes32> Topics,
    ReadOnlyMemory<byte> Data,
    ulong? BlockNumber,
    Bytes32? BlockHash,
    Bytes32? TransactionHash,
    ulong? LogIndex,
    bool Removed);

/// <summary>
/// The outcome of a mined transaction. <see cref="Status"/> is 1 for success and 0 for a revert (null only before the
/// Byzantium fork); <see cref="ContractAddress"/> is set when the transaction created a contract.
/// </summary>
public sealed record TransactionReceipt(
    Bytes32 TransactionHash,
    ulong BlockNumber,
    Bytes32 BlockHash,
    ulong? Status,
    ulong GasUsed,
    BigInteger EffectiveGasPrice,
    Address From,
    Address? To,
    Address? ContractAddress,
    IReadOnlyList<LogEntry> Logs)
{
    public bool Succeeded => Status == 1;
}

/// <summary>A transaction as the node reports it; the block fields are null while it is pending.</summary>
public sealed record ChainTransaction(
    Bytes32 Hash,
    byte Type,
    ulong Nonce,
    Address From,
    Address? To,
    BigInteger Value,
    ReadOnlyMemory<byte> Input,
    ulong GasLimit,
    BigInteger? GasPrice,
    BigInteger? MaxFeePerGas,
    BigInteger? MaxPriorityFeePerGas,
    ulong? ChainId,
    ulong? BlockNumber,
    Bytes32? BlockHash);

/// <summary>
/// The transaction object of eth_call, eth_estimateGas and eth_sendTransaction; fields left null are not sent, and the
/// node chooses them. A null <see cref="To"/> creates a contract.
/// </summary>
public sealed record TransactionRequest(
    Address? From = null,
    Address? To = null,
    ReadOnlyMemory<byte> Data = default,
    BigInteger? Value = null,
    ulong? Gas = null,
    BigInteger? GasPrice = null,
    BigInteger? MaxFeePerGas = null,
    BigInteger? MaxPriorityFeePerGas = null,
    ulong? Nonce = null);

/// <summary>
/// An eth_getLogs filter. Each position of <see cref="Topics"/> is null for any topic, or the topics it may be; a
/// <see cref="BlockHash"/> replaces the block range.
/// </summary>
public sealed record LogFilter(
    BlockTag? FromBlock = null,
    BlockTag? ToBlock = null,
    IReadOnlyList<Address>? Addresses = null,
    IReadOnlyList<IReadOnlyList<Bytes32>?>? Topics = null,
    Bytes32? BlockHash = null);
