using System.Text.Json.Nodes;
using Ledger.Projections.Log;
using Marten;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Log;

/// <summary>Anchors count only after six blocks, so a test has time to reorganise the chain under a mined anchor.</summary>
public sealed class SlowConfirmationFixture : AnchoringFixture
{
    protected override string DatabaseName => "ledger_api_tests_reorg";

    protected override void Configure(IWebHostBuilder web)
    {
        base.Configure(web);
        web.UseSetting("Ledger:Anchoring:Confirmations", "6");
    }
}

/// <summary>Only confirmed anchors count: one whose block is reorganised away is abandoned and the checkpoint anchored again.</summary>
public sealed class ChainReorganisation(SlowConfirmationFixture fixture) : IClassFixture<SlowConfirmationFixture>
{
    private async Task<string> Rpc(string method, params JsonNode[] parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = new JsonArray(parameters) };
        using var response = await fixture.Http.PostAsync(fixture.Chain.RpcUrl, new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!.ToJsonString().Trim('"');
    }

    private async Task<CheckpointRecord> Eventually(Func<CheckpointRecord, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            await using var session = fixture.Store.QuerySession();
            var records = await session.Query<CheckpointRecord>().ToListAsync();
            if (records.FirstOrDefault(condition) is { } found)
            {
                return found;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, what);
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task an_anchor_whose_block_is_reorganised_away_is_abandoned_and_the_checkpoint_anchored_again()
    {
        // Given a chain snapshot, then a checkpoint whose anchor is mined but not yet confirmed
        var snapshot = await Rpc("evm_snapshot");
        await new City(fixture).WithPortal();
        var mined = await Eventually(record => record.Anchor is { Status: AnchorStatus.Submitted } anchor
            && fixture.Reader.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(anchor.TransactionHash).GetAwaiter().GetResult() is not null,
            "no anchor was mined");
        var firstTransaction = mined.Anchor!.TransactionHash;

        // When the chain is reorganised back to before that block
        (await Rpc("evm_revert", snapshot)).ShouldBe("true");

        // Then that transaction is abandoned, and the checkpoint is anchored and confirmed by another
        var reanchored = await Eventually(record => record.Id == mined.Id && record.Anchor is { Status: AnchorStatus.Confirmed }, "the checkpoint was not anchored again", 90);
        string.Equals(reanchored.Anchor!.TransactionHash, firstTransaction, StringComparison.OrdinalIgnoreCase).ShouldBeFalse();
        reanchored.AbandonedAnchors.ShouldContain(entry => entry.StartsWith(firstTransaction, StringComparison.Ordinal));
        reanchored.Anchor.Confirmations.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(6);
    }
}
