using System.Numerics;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Live: with eth_sendTransaction the node signs for an account it holds (anvil unlocks its dev accounts). Sends from dev account 9.</summary>
public class RemoteSigning
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly EthereumRpc rpc = LiveChain.Rpc();
    private readonly Address account = LiveChain.DevKey(9).Address;

    [Fact]
    public async Task the_node_signs_and_sends_a_transfer_for_the_account_it_holds()
    {
        var sender = TransactionSender.WithRemoteSigner(rpc, account);
        var recipient = LiveChain.FreshAddress();

        var receipt = await sender.SendAndWaitAsync(new OutgoingTransaction(recipient, ReadOnlyMemory<byte>.Empty, 777), LiveChain.Quickly, Ct);

        receipt.Succeeded.ShouldBeTrue();
        receipt.From.ShouldBe(account);
        (await rpc.GetBalanceAsync(recipient, BlockTag.Latest, Ct)).ShouldBe(new BigInteger(777));
        (await rpc.GetTransactionAsync(receipt.TransactionHash, Ct))!.Type.ShouldBe((byte)2);
    }

    [Fact]
    public async Task the_node_deploys_a_contract_for_the_account_it_holds()
    {
        var sender = TransactionSender.WithRemoteSigner(rpc, account);
        var contract = await sender.DeployAsync(TinyContract.Creation, new byte[32], LiveChain.Quickly, Ct);

        var returned = await rpc.CallAsync(new TransactionRequest(To: contract, Data: TinyContract.Value.EncodeCall()), BlockTag.Latest, Ct);
        returned.ShouldBe(new byte[32]);
    }

    [Fact]
    public async Task the_node_refuses_to_sign_for_an_account_it_does_not_hold()
    {
        var stranger = TransactionSender.WithRemoteSigner(rpc, LiveChain.FreshAddress());

        var refusal = await Should.ThrowAsync<JsonRpcException>(() => stranger.SendAsync(new OutgoingTransaction(account, ReadOnlyMemory<byte>.Empty, GasLimit: 21_000), Ct));

        refusal.Method.ShouldBe("eth_sendTransaction");
    }
}
