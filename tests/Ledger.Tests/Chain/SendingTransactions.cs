using System.Numerics;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Live: transactions signed here are accepted and mined, and a tampered one is refused. Sends from dev account 7.</summary>
public class SendingTransactions
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly BigInteger Gwei = 1_000_000_000;
    private readonly EthereumRpc rpc = LiveChain.Rpc();
    private readonly EthereumKey key = LiveChain.DevKey(7);

    [Fact]
    public async Task a_signed_eip_1559_transfer_is_mined_and_moves_the_value()
    {
        var sender = TransactionSender.WithKey(rpc, key);
        var recipient = LiveChain.FreshAddress();
        var balanceBefore = await rpc.GetBalanceAsync(key.Address, BlockTag.Latest, Ct);

        var receipt = await sender.SendAndWaitAsync(new OutgoingTransaction(recipient, ReadOnlyMemory<byte>.Empty, 12_345 * Gwei), LiveChain.Quickly, Ct);

        receipt.Succeeded.ShouldBeTrue();
        receipt.From.ShouldBe(key.Address);
        receipt.To.ShouldBe(recipient);
        receipt.GasUsed.ShouldBe(21_000UL);
        (await rpc.GetBalanceAsync(recipient, BlockTag.Latest, Ct)).ShouldBe(12_345 * Gwei);
        (await rpc.GetBalanceAsync(key.Address, BlockTag.Latest, Ct)).ShouldBe(balanceBefore - (12_345 * Gwei) - (receipt.GasUsed * receipt.EffectiveGasPrice));

        var mined = await rpc.GetTransactionAsync(receipt.TransactionHash, Ct);
        mined.ShouldNotBeNull();
        mined.Type.ShouldBe((byte)2);
        mined.From.ShouldBe(key.Address);
        mined.ChainId.ShouldBe(LiveChain.AnvilChainId);
        mined.BlockNumber.ShouldBe(receipt.BlockNumber);
        mined.GasLimit.ShouldBe(25_200UL, "the estimate of 21000 plus 20%");
    }

    [Fact]
    public async Task the_node_names_the_transaction_by_the_hash_computed_here()
    {
        var nonce = await rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, Ct);
        var signed = Transfer(nonce, LiveChain.FreshAddress(), Gwei).Sign(key);

        (await rpc.SendRawTransactionAsync(signed, Ct)).ShouldBe(signed.Hash);
        (await rpc.WaitForReceiptAsync(signed.Hash, 1, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), Ct)).Succeeded.ShouldBeTrue();
        (await rpc.GetTransactionCountAsync(key.Address, BlockTag.Latest, Ct)).ShouldBe(nonce + 1);
    }

    [Fact]
    public async Task a_tampered_transaction_is_refused_by_the_node()
    {
        var nonce = await rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, Ct);
        var signed = Transfer(nonce, LiveChain.FreshAddress(), Gwei).Sign(key);
        var raw = signed.Raw.ToArray();

        var alteredS = raw.ToArray();
        alteredS[^5] ^= 0x01;
        var alteredValue = raw.ToArray();
        alteredValue[alteredValue.AsSpan().IndexOf(Rlp.Encode(Gwei)) + 1] ^= 0x01;
        foreach (var tampered in new[] { alteredS, alteredValue }.Select(bytes => new SignedTransaction(bytes)))
        {
            tampered.RecoverSender().ShouldNotBe(key.Address);
            var refusal = await Should.ThrowAsync<JsonRpcException>(() => rpc.SendRawTransactionAsync(tampered, Ct));
            refusal.Method.ShouldBe("eth_sendRawTransaction");
            refusal.RpcMessage.ShouldNotBeNullOrWhiteSpace();
        }

        (await rpc.SendRawTransactionAsync(signed, Ct)).ShouldBe(signed.Hash);
        (await rpc.WaitForReceiptAsync(signed.Hash, 1, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), Ct)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task a_legacy_eip_155_transaction_is_accepted_too()
    {
        var nonce = await rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, Ct);
        var recipient = LiveChain.FreshAddress();
        var signed = new LegacyTransaction(nonce, await rpc.GasPriceAsync(Ct) * 2, 21_000, recipient, Gwei, ReadOnlyMemory<byte>.Empty, LiveChain.AnvilChainId).Sign(key);

        (await rpc.SendRawTransactionAsync(signed, Ct)).ShouldBe(signed.Hash);
        (await rpc.WaitForReceiptAsync(signed.Hash, 1, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), Ct)).Succeeded.ShouldBeTrue();
        (await rpc.GetBalanceAsync(recipient, BlockTag.Latest, Ct)).ShouldBe(Gwei);
        (await rpc.GetTransactionAsync(signed.Hash, Ct))!.Type.ShouldBe((byte)0);
    }

    [Fact]
    public async Task waiting_for_more_confirmations_waits_for_more_blocks()
    {
        var sender = TransactionSender.WithKey(rpc, key);
        var hash = await sender.SendAsync(new OutgoingTransaction(LiveChain.FreshAddress(), ReadOnlyMemory<byte>.Empty, Gwei), Ct);
        var mined = await sender.WaitForReceiptAsync(hash, 1, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), Ct);

        var waiting = sender.WaitForReceiptAsync(hash, 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), Ct);
        while (await rpc.BlockNumberAsync(Ct) < mined.BlockNumber + 2)
        {
            await rpc.RequestAsync("evm_mine", [], Ct);
        }

        (await waiting).BlockHash.ShouldBe(mined.BlockHash);
        await Should.ThrowAsync<TimeoutException>(() => sender.WaitForReceiptAsync(Bytes32.FromBytes(Keccak.Hash256("never sent"u8)), 1, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), Ct));
    }

    private static Eip1559Transaction Transfer(ulong nonce, Address to, BigInteger value) =>
        new(LiveChain.AnvilChainId, nonce, Gwei, 100 * Gwei, 21_000, to, value, ReadOnlyMemory<byte>.Empty);
}
