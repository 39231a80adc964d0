using Ledger.Domain.Log;
using System.Security.Cryptography;
using Ledger.Integrity.Anchoring;
using Ledger.Testing;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Ledger.Integrity.Tests.Anchoring;

/// <summary>
/// Live, on the anvil node ./test.sh starts (LEDGER_TEST_RPC_URL): the LedgerAnchor adapter deploys the embedded bytecode,
/// anchors with a local key and through a remote signer (anvil holds and unlocks its dev accounts), and reads back what it
/// anchored. A node that cannot be reached fails these tests; they never skip. They send from dev accounts 5 to 9 (the
/// other test projects use 0 to 4), one account per purpose, so that no two senders race for a nonce.
/// </summary>
public class LedgerAnchorOnChain
{
    private const long AnvilChainId = 31337;

    /// <summary>The private keys of anvil's dev accounts 5 to 9 (mnemonic "test test ... junk").</summary>
    private static readonly Dictionary<int, string> DevKeys = new()
    {
        [5] = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        [6] = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        [7] = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        [8] = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        [9] = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    };

    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Uri Rpc => new(TestEnvironment.ChainRpcUrl);

    private static string AddressOf(int account) => new Account(DevKeys[account]).Address;

    private static byte[] NewLogId() => SHA256.HashData(Guid.NewGuid().ToByteArray());

    private static async Task<MinedReceipt> Mined(LedgerAnchorContract contract, string transaction)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await contract.ReceiptAsync(transaction, Ct) is { } receipt)
            {
                return receipt;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{transaction} was not mined in 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task the_dev_keys_sign_for_the_accounts_the_node_funds_on_anvils_chain()
    {
        var node = new Web3(Rpc.ToString());
        (await node.Eth.ChainId.SendRequestAsync()).Value.ShouldBe(AnvilChainId);
        var listed = await node.Eth.Accounts.SendRequestAsync();
        DevKeys.Keys.Select(AddressOf).ShouldBe(DevKeys.Keys.Select(account => listed[account]), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_contract_deployed_from_the_embedded_bytecode_anchors_with_a_local_key_and_reads_back_what_it_anchored()
    {
        var address = await LedgerAnchorContract.DeployAsync(LedgerAnchorContract.Signer(Rpc, DevKeys[5], AnvilChainId), [AddressOf(5)], Ct);
        var contract = await LedgerAnchorContract.ConnectAsync(Rpc, address, DevKeys[5], signerAccount: null, Ct);
        contract.ChainId.ShouldBe(AnvilChainId);
        contract.Contract.ShouldBe(address);
        var logId = NewLogId();
        var root = SHA256.HashData("root at 3"u8);
        (await contract.LatestAsync(logId, Ct)).ShouldBeNull();

        var sent = await contract.SubmitAsync(logId, 3, root, [], Ct);
        var receipt = await Mined(contract, sent.Hash);

        sent.From.ShouldBe(AddressOf(5));
        sent.Nonce.ShouldBeGreaterThan(0);
        receipt.Succeeded.ShouldBeTrue();
        receipt.Failure.ShouldBeNull();
        receipt.LogIndex.ShouldNotBeNull();
        receipt.GasUsed.ShouldBeGreaterThan(21_000);
        receipt.HeadBlockNumber.ShouldBeGreaterThanOrEqualTo(receipt.BlockNumber);
        receipt.BlockTime.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        (await contract.BlockHashAsync(receipt.BlockNumber, Ct)).ShouldBe(receipt.BlockHash);
        (await contract.BlockHashAsync(receipt.HeadBlockNumber + 1_000_000, Ct)).ShouldBeNull();
        (await contract.IsKnownAsync(sent.Hash, Ct)).ShouldBeTrue();
        var latest = (await contract.LatestAsync(logId, Ct)).ShouldNotBeNull();
        latest.TreeSize.ShouldBe(3);
        latest.Root.ShouldBe(root);
        latest.AnchoredAt.ShouldBe(receipt.BlockTime);
        (await contract.RootAtAsync(logId, 3, Ct)).ShouldBe(root);
        (await contract.RootAtAsync(logId, 2, Ct)).ShouldBeNull();
        (await contract.FindAnchoringTransactionAsync(logId, 3, Ct)).ShouldBe(sent.Hash);
        (await contract.FindAnchoringTransactionAsync(NewLogId(), 3, Ct)).ShouldBeNull("only this log's Anchored events");
    }

    [Fact]
    public async Task a_remote_signer_anchors_for_the_account_the_node_holds_with_an_eip_1559_transaction()
    {
        var address = await LedgerAnchorContract.DeployAsync(LedgerAnchorContract.Signer(Rpc, DevKeys[6], AnvilChainId), [AddressOf(9)], Ct);
        var contract = await LedgerAnchorContract.ConnectAsync(Rpc, address, privateKey: null, signerAccount: AddressOf(9).ToLowerInvariant(), Ct);
        var logId = NewLogId();

        var sent = await contract.SubmitAsync(logId, 1, SHA256.HashData("one leaf"u8), [], Ct);
        var receipt = await Mined(contract, sent.Hash);

        receipt.Succeeded.ShouldBeTrue();
        sent.From.ShouldBe(AddressOf(9));
        var transaction = (await new Web3(Rpc.ToString()).Eth.Transactions.GetTransactionByHash.SendRequestAsync(sent.Hash)).ShouldNotBeNull();
        transaction.From.ShouldBe(AddressOf(9), StringCompareShould.IgnoreCase);
        transaction.Type.Value.ShouldBe(2);
        (await contract.RootAtAsync(logId, 1, Ct)).ShouldBe(SHA256.HashData("one leaf"u8));
    }

    [Fact]
    public async Task the_node_refuses_to_sign_for_an_allowed_account_it_does_not_hold()
    {
        var stranger = new Account(RandomNumberGenerator.GetBytes(32)).Address;
        var address = await LedgerAnchorContract.DeployAsync(LedgerAnchorContract.Signer(Rpc, DevKeys[6], AnvilChainId), [stranger], Ct);
        var contract = await LedgerAnchorContract.ConnectAsync(Rpc, address, privateKey: null, signerAccount: stranger, Ct);

        var refused = await Should.ThrowAsync<AnchorRefusedException>(() => contract.SubmitAsync(NewLogId(), 1, SHA256.HashData("root"u8), [], Ct));

        refused.Error.ShouldBeNull("the node refused, not the contract");
    }

    [Fact]
    public async Task a_mined_anchor_that_reverted_says_which_custom_error_the_contract_raised()
    {
        var address = await LedgerAnchorContract.DeployAsync(LedgerAnchorContract.Signer(Rpc, DevKeys[7], AnvilChainId), [AddressOf(7)], Ct);
        var contract = await LedgerAnchorContract.ConnectAsync(Rpc, address, privateKey: null, signerAccount: null, Ct);
        var outsider = LedgerAnchorContract.Signer(Rpc, DevKeys[8], AnvilChainId);

        // Sent with a gas limit of its own, it is not estimated (which would refuse it), so it is mined and reverts
        var call = new AnchorFunction { LogId = NewLogId(), TreeSize = 1, Root = SHA256.HashData("root"u8), Gas = new HexBigInteger(200_000) };
        var hash = await outsider.Eth.GetContractTransactionHandler<AnchorFunction>().SendRequestAsync(address, call);
        var receipt = await Mined(contract, hash);

        receipt.Succeeded.ShouldBeFalse();
        receipt.LogIndex.ShouldBeNull();
        receipt.Failure.ShouldBe($"NotAnchorer({AddressOf(8)})");
    }

    [Fact]
    public async Task there_is_no_contract_to_connect_to_at_an_address_without_code()
    {
        var refused = await Should.ThrowAsync<AnchorRefusedException>(() =>
            LedgerAnchorContract.ConnectAsync(Rpc, new Account(RandomNumberGenerator.GetBytes(32)).Address, privateKey: null, signerAccount: null, Ct));
        refused.Message.ShouldContain("There is no contract");
    }

    [Fact]
    public async Task a_node_that_does_not_answer_is_unreachable_not_a_refusal()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Should.ThrowAsync<ChainUnreachableException>(() =>
            LedgerAnchorContract.ConnectAsync(new Uri($"http://127.0.0.1:{port}"), AddressOf(5), privateKey: null, signerAccount: null, Ct));
    }
}
