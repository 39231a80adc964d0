using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Integrity.Chain;

/// <summary>JSON-RPC envelopes and the JSON shapes of blocks, transactions, receipts and logs.</summary>
internal static class RpcJson
{
    public static JsonElement Result(string method, int httpStatus, string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException notJson)
        {
            throw new ChainUnavailableException($"{method}: the node answered HTTP {httpStatus} without a JSON-RPC response.", notJson);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            throw Error(method, error);
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var result) && httpStatus is >= 200 and < 300
            ? result
            : throw new ChainUnavailableException($"{method}: the node answered HTTP {httpStatus} without a JSON-RPC result.");
    }

    public static T? OrNull<T>(JsonElement element, Func<JsonElement, T> read)
        where T : class => element.ValueKind == JsonValueKind.Null ? null : read(element);

    public static BigInteger Quantity(JsonElement element) => Hex.ParseQuantity(Text(element));

    public static ulong UInt64(JsonElement element) => Hex.ParseUInt64(Text(element));

    public static byte[] Data(JsonElement element) => Hex.Parse(Text(element));

    public static Bytes32 Hash(JsonElement element) => Bytes32.Parse(Text(element));

    public static Block Block(JsonElement block) => new(
        UInt64(block.GetProperty("number")),
        Hash(block.GetProperty("hash")),
        Hash(block.GetProperty("parentHash")),
        UInt64(block.GetProperty("timestamp")),
        Optional(block, "baseFeePerGas", Quantity),
        UInt64(block.GetProperty("gasLimit")),
        UInt64(block.GetProperty("gasUsed")));

    public static LogEntry Log(JsonElement log) => new(
        Address(log.GetProperty("address")),
        [.. log.GetProperty("topics").EnumerateArray().Select(Hash)],
        Data(log.GetProperty("data")),
        Optional(log, "blockNumber", UInt64),
        Optional(log, "blockHash", Hash),
        Optional(log, "transactionHash", Hash),
        Optional(log, "logIndex", UInt64),
        log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);

    public static TransactionReceipt Receipt(JsonElement receipt) => new(
        Hash(receipt.GetProperty("transactionHash")),
        UInt64(receipt.GetProperty("blockNumber")),
        Hash(receipt.GetProperty("blockHash")),
        Optional(receipt, "status", UInt64),
        UInt64(receipt.GetProperty("gasUsed")),
        Optional(receipt, "effectiveGasPrice", Quantity) ?? BigInteger.Zero,
        Address(receipt.GetProperty("from")),
        Optional(receipt, "to", Address),
        Optional(receipt, "contractAddress", Address),
        [.. receipt.GetProperty("logs").EnumerateArray().Select(Log)]);

    public static ChainTransaction ChainTransaction(JsonElement transaction) => new(
        Hash(transaction.GetProperty("hash")),
        (byte)(Optional(transaction, "type", UInt64) ?? 0),
        UInt64(transaction.GetProperty("nonce")),
        Address(transaction.GetProperty("from")),
        Optional(transaction, "to", Address),
        Quantity(transaction.GetProperty("value")),
        Data(transaction.GetProperty("input")),
        UInt64(transaction.GetProperty("gas")),
        Optional(transaction, "gasPrice", Quantity),
        Optional(transaction, "maxFeePerGas", Quantity),
        Optional(transaction, "maxPriorityFeePerGas", Quantity),
        Optional(transaction, "chainId", UInt64),
        Optional(transaction, "blockNumber", UInt64),
        Optional(transaction, "blockHash", Hash));

    public static JsonObject Transaction(TransactionRequest transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var json = new JsonObject();
        Set(json, "from", transaction.From?.ToLowercaseHex());
        Set(json, "to", transaction.To?.ToLowercaseHex());
        Set(json, "data", transaction.Data.IsEmpty ? null : Chain.Hex.Format(transaction.Data.Span));
        Set(json, "value", Format(transaction.Value));
        Set(json, "gas", transaction.Gas is { } gas ? Chain.Hex.FormatQuantity(gas) : null);
        Set(json, "gasPrice", Format(transaction.GasPrice));
        Set(json, "maxFeePerGas", Format(transaction.MaxFeePerGas));
        Set(json, "maxPriorityFeePerGas", Format(transaction.MaxPriorityFeePerGas));
        Set(json, "nonce", transaction.Nonce is { } nonce ? Chain.Hex.FormatQuantity(nonce) : null);
        return json;
    }

    public static JsonObject Filter(LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var json = new JsonObject();
        Set(json, "fromBlock", filter.FromBlock?.Value);
        Set(json, "toBlock", filter.ToBlock?.Value);
        Set(json, "blockHash", filter.BlockHash?.ToString());
        if (filter.Addresses is { Count: > 0 } addresses)
        {
            json["address"] = new JsonArray([.. addresses.Select(address => JsonValue.Create(address.ToLowercaseHex()))]);
        }

        if (filter.Topics is { } topics)
        {
            json["topics"] = new JsonArray([.. topics.Select(Alternatives)]);
        }

        return json;
    }

    private static JsonArray? Alternatives(IReadOnlyList<Bytes32>? topics) =>
        topics is null ? null : new JsonArray([.. topics.Select(topic => JsonValue.Create(topic.ToString()))]);

    private static JsonRpcException Error(string method, JsonElement error) => new(
        method,
        error.TryGetProperty("code", out var code) && code.TryGetInt64(out var number) ? number : 0,
        error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() ?? "" : "",
        error.TryGetProperty("data", out var data) ? RevertData(data, depth: 0) : null);

    /// <summary>Nodes put revert data in error.data as a hex string, or (Hardhat, Ganache and some proxies) nested deeper in an object.</summary>
    private static byte[]? RevertData(JsonElement data, int depth) => data.ValueKind switch
    {
        JsonValueKind.String when data.GetString() is { } text && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => TryHex(text),
        JsonValueKind.Object when depth < 3 => data.EnumerateObject()
            .Where(property => property.NameEquals("data") || property.NameEquals("originalError"))
            .Select(property => RevertData(property.Value, depth + 1))
            .FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static byte[]? TryHex(string text)
    {
        try
        {
            return Chain.Hex.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Address Address(JsonElement element) => Chain.Address.Parse(Text(element));

    private static T? Optional<T>(JsonElement parent, string name, Func<JsonElement, T> read)
        where T : struct => parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? read(value) : null;

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? element.GetString()!
        : throw new FormatException($"Expected a JSON-RPC hex string, found {element.ValueKind}.");

    private static string? Format(BigInteger? value) => value is { } number ? Chain.Hex.FormatQuantity(number) : null;

    private static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
