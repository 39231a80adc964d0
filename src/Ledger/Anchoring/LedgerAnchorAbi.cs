using System.Numerics;
using System.Reflection;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

#pragma warning disable CA1819 // Nethereum's ABI encoder maps bytes32 to byte[] properties.

namespace Ledger.Integrity.Anchoring;

/// <summary>The LedgerAnchor contract (specs/contracts/LedgerAnchor.sol, ABI in LedgerAnchor.abi.json) as Nethereum's typed messages.</summary>
[Function("anchor")]
public sealed class AnchorFunction : FunctionMessage
{
    [Parameter("bytes32", "logId", 1)]
    public byte[] LogId { get; set; } = [];

    [Parameter("uint64", "treeSize", 2)]
    public ulong TreeSize { get; set; }

    [Parameter("bytes32", "root", 3)]
    public byte[] Root { get; set; } = [];

    [Parameter("bytes32[]", "consistencyProof", 4)]
    public IList<byte[]> ConsistencyProof { get; set; } = [];
}

[Function("latest", typeof(LatestOutput))]
public sealed class LatestFunction : FunctionMessage
{
    [Parameter("bytes32", "logId", 1)]
    public byte[] LogId { get; set; } = [];
}

[FunctionOutput]
public sealed class LatestOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "treeSize", 1)]
    public ulong TreeSize { get; set; }

    [Parameter("bytes32", "root", 2)]
    public byte[] Root { get; set; } = [];

    [Parameter("uint64", "anchoredAt", 3)]
    public ulong AnchoredAt { get; set; }
}

[Function("rootAt", "bytes32")]
public sealed class RootAtFunction : FunctionMessage
{
    [Parameter("bytes32", "logId", 1)]
    public byte[] LogId { get; set; } = [];

    [Parameter("uint64", "treeSize", 2)]
    public ulong TreeSize { get; set; }
}

[Function("addAnchorer")]
public sealed class AddAnchorerFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";
}

[Function("isAnchorer", "bool")]
public sealed class IsAnchorerFunction : FunctionMessage
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";
}

[Event("Anchored")]
public sealed class AnchoredEvent : IEventDTO
{
    [Parameter("bytes32", "logId", 1, true)]
    public byte[] LogId { get; set; } = [];

    [Parameter("uint64", "treeSize", 2, false)]
    public ulong TreeSize { get; set; }

    [Parameter("bytes32", "root", 3, false)]
    public byte[] Root { get; set; } = [];

    [Parameter("uint256", "timestamp", 4, false)]
    public BigInteger Timestamp { get; set; }
}

[Error("NotAdmin")]
public sealed class NotAdminError;

[Error("NotAnchorer")]
public sealed class NotAnchorerError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";
}

[Error("ZeroAddress")]
public sealed class ZeroAddressError;

[Error("EmptyRoot")]
public sealed class EmptyRootError;

[Error("TreeSizeNotLarger")]
public sealed class TreeSizeNotLargerError
{
    [Parameter("uint64", "latest", 1)]
    public ulong Latest { get; set; }

    [Parameter("uint64", "given", 2)]
    public ulong Given { get; set; }
}

[Error("InconsistentHistory")]
public sealed class InconsistentHistoryError;

/// <summary>Creates a LedgerAnchor from the creation bytecode compiled from the source (scripts/compile-contract.sh), embedded in this assembly; the sender is its admin.</summary>
public sealed class LedgerAnchorDeployment() : ContractDeploymentMessage(Bytecode)
{
    public static string Bytecode { get; } = ReadBytecode();

    private static string ReadBytecode()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LedgerAnchor.bin")
            ?? throw new InvalidOperationException("The LedgerAnchor bytecode is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }
}
