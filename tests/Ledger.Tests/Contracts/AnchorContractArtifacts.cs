using System.Diagnostics;
using System.Text.Json;
using Ledger.Integrity.Anchoring;
using Ledger.Testing;

namespace Ledger.Integrity.Tests.Contracts;

/// <summary>
/// The committed ABI and bytecode of specs/contracts/LedgerAnchor.sol are what scripts/compile-contract.sh makes of the
/// source today, and the ABI is the interface the anchoring code is written against.
/// </summary>
public class AnchorContractArtifacts
{
    private static readonly string Contracts = Repository.PathTo(Path.Combine("specs", "contracts"));
    private static readonly string[] Artifacts = ["LedgerAnchor.abi.json", "LedgerAnchor.bin"];

    [Fact]
    public async Task the_committed_abi_and_bytecode_are_what_the_source_compiles_to()
    {
        if (Repository.UpdatingSpecs)
        {
            await Compile(Contracts);
            return;
        }

        var fresh = Directory.CreateTempSubdirectory("ledger-anchor-");
        try
        {
            await Compile(fresh.FullName);
            foreach (var artifact in Artifacts)
            {
                var committed = Path.Combine(Contracts, artifact);
                File.ReadAllText(Path.Combine(fresh.FullName, artifact)).ShouldBe(
                    File.Exists(committed) ? File.ReadAllText(committed) : "(not committed)",
                    $"specs/contracts/{artifact} is not what LedgerAnchor.sol compiles to: run scripts/compile-contract.sh and commit its output");
            }
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    [Fact]
    public void the_abi_is_the_interface_the_anchoring_code_is_written_against()
    {
        using var abi = JsonDocument.Parse(File.ReadAllText(Path.Combine(Contracts, "LedgerAnchor.abi.json")));

        abi.RootElement.EnumerateArray().Select(Signature).ShouldBe(
            [
                "constructor()",
                "function admin() view returns (address)",
                "function transferAdmin(address next)",
                "function addAnchorer(address account)",
                "function removeAnchorer(address account)",
                "function isAnchorer(address account) view returns (bool)",
                "function anchor(bytes32 logId, uint64 treeSize, bytes32 root, bytes32[] consistencyProof)",
                "function rootAt(bytes32 logId, uint64 treeSize) view returns (bytes32)",
                "function latest(bytes32 logId) view returns (uint64 treeSize, bytes32 root, uint64 anchoredAt)",
                "event AdminTransferred(address indexed previous, address indexed next)",
                "event AnchorerAdded(address indexed account)",
                "event AnchorerRemoved(address indexed account)",
                "event Anchored(bytes32 indexed logId, uint64 treeSize, bytes32 root, uint256 timestamp)",
                "error NotAdmin()",
                "error NotAnchorer(address account)",
                "error ZeroAddress()",
                "error EmptyRoot()",
                "error TreeSizeNotLarger(uint64 latest, uint64 given)",
                "error InconsistentHistory()",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void the_typed_messages_of_the_adapter_have_the_selectors_and_topics_of_the_committed_abi()
    {
        var abi = new Nethereum.ABI.ABIDeserialisation.ABIJsonDeserialiser().DeserialiseContract(File.ReadAllText(Path.Combine(Contracts, "LedgerAnchor.abi.json")));
        string Selector(string name) => abi.Functions.Single(function => string.Equals(function.Name, name, StringComparison.Ordinal)).Sha3Signature;

        Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<AnchorFunction>().Sha3Signature.ShouldBe(Selector("anchor"));
        Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<LatestFunction>().Sha3Signature.ShouldBe(Selector("latest"));
        Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<RootAtFunction>().Sha3Signature.ShouldBe(Selector("rootAt"));
        Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<AddAnchorerFunction>().Sha3Signature.ShouldBe(Selector("addAnchorer"));
        Nethereum.Contracts.ABITypedRegistry.GetFunctionABI<IsAnchorerFunction>().Sha3Signature.ShouldBe(Selector("isAnchorer"));
        Nethereum.Contracts.ABITypedRegistry.GetEvent<AnchoredEvent>().Sha3Signature.ShouldBe(abi.Events.Single(e => string.Equals(e.Name, "Anchored", StringComparison.Ordinal)).Sha3Signature);
        LedgerAnchorContract.Errors.Select(type => Nethereum.Contracts.ABITypedRegistry.GetError(type).Sha3Signature)
            .ShouldBe(abi.Errors.Select(error => error.Sha3Signature), ignoreOrder: true);
    }

    /// <summary>An ABI entry in Solidity's human-readable form, e.g. <c>function rootAt(bytes32 logId, uint64 treeSize) view returns (bytes32)</c>.</summary>
    private static string Signature(JsonElement entry)
    {
        var kind = entry.GetProperty("type").GetString();
        var name = entry.TryGetProperty("name", out var n) ? " " + n.GetString() : "";
        var mutability = entry.TryGetProperty("stateMutability", out var m) && m.GetString() is "view" or "pure" ? " " + m.GetString() : "";
        var returns = entry.TryGetProperty("outputs", out var outputs) && outputs.GetArrayLength() > 0 ? $" returns ({Parameters(outputs)})" : "";
        return $"{kind}{name}({Parameters(entry.GetProperty("inputs"))}){mutability}{returns}";
    }

    private static string Parameters(JsonElement parameters) =>
        string.Join(", ", parameters.EnumerateArray().Select(parameter => string.Join(' ', new[]
        {
            parameter.GetProperty("type").GetString(),
            parameter.TryGetProperty("indexed", out var indexed) && indexed.GetBoolean() ? "indexed" : null,
            parameter.GetProperty("name").GetString(),
        }.Where(word => !string.IsNullOrEmpty(word)))));

    private static async Task Compile(string outputDirectory)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repository.PathTo(Path.Combine("scripts", "compile-contract.sh")));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(outputDirectory);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException cancelled)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/compile-contract.sh did not finish within two minutes", cancelled);
        }

        var said = await output + await errors;
        process.ExitCode.ShouldBe(0, $"scripts/compile-contract.sh failed (is node_modules installed? ./test.sh runs npm ci):{Environment.NewLine}{said}");
    }
}
