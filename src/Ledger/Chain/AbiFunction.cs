namespace Ledger.Integrity.Chain;

/// <summary>A contract function: its selector is the first 4 bytes of keccak(name(canonical input types)).</summary>
public sealed record AbiFunction(string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs)
{
    /// <summary>From a signature such as "latest(bytes32 logId) view returns (uint64 treeSize, bytes32 root, uint64)".</summary>
    public static AbiFunction Parse(string signature)
    {
        var (name, inputs, outputs) = AbiSignature.Parse(signature);
        return new AbiFunction(name, inputs, outputs);
    }

    public string Signature => AbiSignatures.Canonical(Name, Inputs);

    public byte[] Selector => AbiSignatures.Selector(Signature);

    /// <summary>
    /// The selector and the ABI-encoded arguments. A single array argument (bytes32[], a tuple) must be passed as
    /// (object)array, or C# takes it for the params array itself.
    /// </summary>
    public byte[] EncodeCall(params object[] arguments) => [.. Selector, .. Abi.Encode(Types(Inputs), arguments)];

    public object[] DecodeCall(ReadOnlySpan<byte> callData) => callData.StartsWith(Selector)
        ? Abi.Decode(Types(Inputs), callData[4..])
        : throw new FormatException($"The call data is not a call of {Signature}.");

    public object[] DecodeOutput(ReadOnlySpan<byte> returnData) => Abi.Decode(Types(Outputs), returnData);

    internal static AbiType[] Types(IEnumerable<AbiParameter> parameters) => [.. parameters.Select(parameter => parameter.Type)];
}

/// <summary>
/// A Solidity error: revert data is its 4-byte selector followed by its ABI-encoded arguments. <see cref="Reason"/> is the
/// Error(string) of require and revert("..."); <see cref="Panic"/> is the Panic(uint256) of failed asserts and arithmetic.
/// </summary>
public sealed record AbiError(string Name, IReadOnlyList<AbiParameter> Inputs)
{
    public static AbiError Reason { get; } = Parse("Error(string reason)");

    public static AbiError Panic { get; } = Parse("Panic(uint256 code)");

    public static AbiError Parse(string signature)
    {
        var (name, inputs, _) = AbiSignature.Parse(signature);
        return new AbiError(name, inputs);
    }

    public string Signature => AbiSignatures.Canonical(Name, Inputs);

    public byte[] Selector => AbiSignatures.Selector(Signature);

    public byte[] Encode(params object[] arguments) => [.. Selector, .. Abi.Encode(AbiFunction.Types(Inputs), arguments)];

    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData.StartsWith(Selector);

    public bool TryDecode(ReadOnlySpan<byte> revertData, out object[] arguments)
    {
        arguments = [];
        if (!Matches(revertData))
        {
            return false;
        }

        try
        {
            arguments = Abi.Decode(AbiFunction.Types(Inputs), revertData[4..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A readable account of revert data, such as Refused(7) or Error("not allowed"), for messages and logs.</summary>
    public static string Describe(ReadOnlySpan<byte> revertData, params IEnumerable<AbiError> knownErrors)
    {
        foreach (var error in knownErrors.Append(Reason).Append(Panic))
        {
            if (error.TryDecode(revertData, out var arguments))
            {
                return $"{error.Name}({string.Join(", ", arguments.Select(AbiSignatures.Show))})";
            }
        }

        return revertData.IsEmpty ? "reverted without data" : $"unknown revert data {Hex.Format(revertData)}";
    }
}

/// <summary>
/// A contract event: topic 0 of its logs is keccak(name(canonical types)); each indexed parameter takes one more topic
/// (a dynamic one, such as string, only as the keccak of its value); the others are ABI-encoded in the log's data.
/// </summary>
public sealed record AbiEvent(string Name, IReadOnlyList<AbiParameter> Parameters)
{
    public static AbiEvent Parse(string signature)
    {
        var (name, parameters, _) = AbiSignature.Parse(signature);
        return new AbiEvent(name, parameters);
    }

    public string Signature => AbiSignatures.Canonical(Name, Parameters);

    public Bytes32 Topic0 => Bytes32.FromBytes(Keccak.Hash256(System.Text.Encoding.ASCII.GetBytes(Signature)));

    public bool Matches(IReadOnlyList<Bytes32> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Count == 1 + Parameters.Count(parameter => parameter.Indexed) && topics[0] == Topic0;
    }

    /// <summary>
    /// The values of all parameters in declaration order. An indexed dynamic parameter gives the <see cref="Bytes32"/>
    /// hash its topic holds, since the value itself is not in the log.
    /// </summary>
    public object[] Decode(IReadOnlyList<Bytes32> topics, ReadOnlySpan<byte> data)
    {
        if (!Matches(topics))
        {
            throw new FormatException($"The log is not a {Signature} event.");
        }

        var unindexed = Abi.Decode(AbiFunction.Types(Parameters.Where(parameter => !parameter.Indexed)), data);
        var values = new object[Parameters.Count];
        var (topic, datum) = (1, 0);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = !Parameters[i].Indexed ? unindexed[datum++]
                : Parameters[i].Type.IsDynamic || Parameters[i].Type.HeadSize != 32 ? topics[topic++]
                : Abi.DecodeWord(Parameters[i].Type, topics[topic++].ToBytes());
        }

        return values;
    }

    public object[] Decode(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Decode(log.Topics, log.Data.Span);
    }

    /// <summary>The topic an indexed parameter has for <paramref name="value"/>, to filter logs by it.</summary>
    public Bytes32 Topic(string parameterName, object value)
    {
        var parameter = Parameters.SingleOrDefault(parameter => parameter.Indexed && string.Equals(parameter.Name, parameterName, StringComparison.Ordinal))
            ?? throw new ArgumentException($"{Signature} has no indexed parameter {parameterName}.", nameof(parameterName));
        return Bytes32.FromBytes(Abi.EncodeWord(parameter.Type, value));
    }
}

internal static class AbiSignatures
{
    public static string Canonical(string name, IEnumerable<AbiParameter> parameters) =>
        $"{name}({string.Join(',', parameters.Select(parameter => parameter.Type.CanonicalName))})";

    public static byte[] Selector(string signature) => Keccak.Hash256(System.Text.Encoding.ASCII.GetBytes(signature))[..4];

    public static string Show(object value) => value switch
    {
        string text => $"\"{text}\"",
        byte[] bytes => Hex.Format(bytes),
        object[] items => $"[{string.Join(", ", items.Select(Show))}]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
