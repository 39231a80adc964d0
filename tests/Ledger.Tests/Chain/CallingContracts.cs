using System.Numerics;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Live: a contract is deployed, called, logs events and reverts with a custom error. Sends from dev account 8.</summary>
public class CallingContracts
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Bytes32 Constant = Bytes32.FromBytes(Keccak.Hash256("constructor argument"u8));
    private readonly EthereumRpc rpc = LiveChain.Rpc();
    private readonly TransactionSender sender = TransactionSender.WithKey(LiveChain.Rpc(), LiveChain.DevKey(8));

    private Task<Address> DeployAsync() =>
        sender.DeployAsync(TinyContract.Creation, Abi.Encode([AbiType.Parse("bytes32")], [Constant]), LiveChain.Quickly, Ct);

    [Fact]
    public async Task a_deployed_contract_holds_its_runtime_and_returns_its_constructor_argument()
    {
        var contract = await DeployAsync();

        var code = await rpc.GetCodeAsync(contract, BlockTag.Latest, Ct);
        code.Length.ShouldBe(TinyContract.Runtime.Length);
        code.AsSpan(0, 0x30).SequenceEqual(TinyContract.Runtime.AsSpan(0, 0x30)).ShouldBeTrue();
        (await rpc.GetCodeAsync(LiveChain.FreshAddress(), BlockTag.Latest, Ct)).ShouldBeEmpty();

        var returned = await rpc.CallAsync(new TransactionRequest(To: contract, Data: TinyContract.Value.EncodeCall()), BlockTag.Latest, Ct);
        returned.ShouldBe(Constant.ToBytes());
        (await rpc.CallAsync(contract, TinyContract.Value, [], Ct)).ShouldBe(new object[] { Constant.ToBytes() });
    }

    [Fact]
    public async Task an_emitted_event_reads_back_from_the_receipt_and_from_a_log_query()
    {
        var contract = await DeployAsync();
        var data = Keccak.Hash256("pinged"u8);

        var receipt = await sender.SendAndWaitAsync(new OutgoingTransaction(contract, TinyContract.Ping.EncodeCall(data)), LiveChain.Quickly, Ct);

        receipt.Succeeded.ShouldBeTrue();
        var log = receipt.Logs.ShouldHaveSingleItem();
        log.Address.ShouldBe(contract);
        log.TransactionHash.ShouldBe(receipt.TransactionHash);
        TinyContract.Pinged.Decode(log).ShouldBe(new object[] { sender.From, data });

        var found = await rpc.GetLogsAsync(
            new LogFilter(
                FromBlock: BlockTag.Number(receipt.BlockNumber),
                ToBlock: BlockTag.Latest,
                Addresses: [contract],
                Topics: [[TinyContract.Pinged.Topic0], [TinyContract.Pinged.Topic("sender", sender.From)]]),
            Ct);
        found.ShouldHaveSingleItem().BlockHash.ShouldBe(receipt.BlockHash);
        (await rpc.GetLogsAsync(new LogFilter(BlockHash: receipt.BlockHash, Topics: [null, [TinyContract.Pinged.Topic("sender", Address.Zero)]]), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_reverted_call_surfaces_its_custom_error()
    {
        var contract = await DeployAsync();

        var refusal = await Should.ThrowAsync<JsonRpcException>(() =>
            rpc.CallAsync(new TransactionRequest(To: contract, Data: TinyContract.Missing.EncodeCall()), BlockTag.Latest, Ct));

        refusal.IsRevert.ShouldBeTrue();
        TinyContract.Refused.TryDecode(refusal.RevertData, out var arguments).ShouldBeTrue();
        arguments.ShouldBe(new object[] { new BigInteger(7) });
        AbiError.Describe(refusal.RevertData, TinyContract.Refused).ShouldBe("Refused(7)");
    }

    [Fact]
    public async Task sending_a_call_that_would_revert_fails_at_the_estimate_with_the_revert_data()
    {
        var contract = await DeployAsync();

        var refusal = await Should.ThrowAsync<JsonRpcException>(() => sender.SendAsync(new OutgoingTransaction(contract, TinyContract.Missing.EncodeCall()), Ct));

        refusal.Method.ShouldBe("eth_estimateGas");
        TinyContract.Refused.TryDecode(refusal.RevertData, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_transaction_that_reverts_on_chain_is_mined_with_status_0()
    {
        var contract = await DeployAsync();

        var receipt = await sender.SendAndWaitAsync(new OutgoingTransaction(contract, TinyContract.Missing.EncodeCall(), GasLimit: 100_000), LiveChain.Quickly, Ct);

        receipt.Succeeded.ShouldBeFalse();
        receipt.Status.ShouldBe(0UL);
        receipt.Logs.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_deployment_whose_constructor_reverts_fails_before_it_is_sent()
    {
        // PUSH1 0, PUSH1 0, REVERT: a constructor that always reverts.
        var failing = sender.DeployAsync(Convert.FromHexString("60006000fd"), ReadOnlyMemory<byte>.Empty, LiveChain.Quickly, Ct);

        (await Should.ThrowAsync<JsonRpcException>(() => failing)).Method.ShouldBe("eth_estimateGas");
    }
}
