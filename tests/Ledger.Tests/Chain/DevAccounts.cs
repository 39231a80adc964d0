using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Live: the node is the chain the tests expect, and the keys derive the very accounts it funds.</summary>
public class DevAccounts
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly EthereumRpc rpc = LiveChain.Rpc();

    [Fact]
    public async Task the_node_reports_anvils_chain_id_and_a_block_with_a_base_fee()
    {
        (await rpc.ChainIdAsync(Ct)).ShouldBe(LiveChain.AnvilChainId);
        var latest = await rpc.GetBlockAsync(BlockTag.Latest, Ct);
        latest.ShouldNotBeNull();
        latest.Number.ShouldBeLessThanOrEqualTo(await rpc.BlockNumberAsync(Ct));
        latest.BaseFeePerGas.ShouldNotBeNull();
        (await rpc.GetBlockAsync(BlockTag.Number(ulong.MaxValue >> 8), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task each_dev_key_derives_the_address_the_node_lists_for_it()
    {
        var accounts = await rpc.RequestAsync("eth_accounts", [], Ct);
        var listed = accounts.EnumerateArray().Select(account => Address.Parse(account.GetString()!)).ToList();
        listed.ShouldBe(LiveChain.DevKeys.Select(key => EthereumKey.FromHex(key).Address).ToList());
    }
}
