using Ledger.Domain.Log;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Ledger.Cli;
using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Merkle;
using Ledger.Projections.Log;
using Marten;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Log;

/// <summary>The whole loop on a live chain: checkpoints anchored and confirmed, read back by the CLI, and what the contract refuses.</summary>
public sealed class AnchoringOnChain(AnchoringFixture fixture, ITestOutputHelper output) : IClassFixture<AnchoringFixture>, IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("ledger-anchoring-");

    private static (int Exit, string Out, string Error) Ledger(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(""), stdout, stderr));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Waits until a confirmed anchor covers the leaf of the newest business event (the ledger's own events wait for the next).</summary>
    private async Task<JsonElement> AnchoredThrough(int seconds = 90)
    {
        var position = await fixture.LastBusinessEventPosition();
        await fixture.LoggedThrough(position);
        var leaf = (await fixture.Log().Store.LeafOfEventAsync(position, CancellationToken.None)).ShouldNotBeNull();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var result = await fixture.Host.Scenario(scenario => { scenario.Get.Url("/api/ledger/checkpoint"); scenario.IgnoreStatusCode(); });
            if (result.Context.Response.StatusCode == 200)
            {
                var checkpoint = result.Json();
                if (checkpoint.GetProperty("latestAnchor") is { ValueKind: JsonValueKind.Object } anchor && anchor.GetProperty("treeSize").GetInt64() > leaf.Index)
                {
                    return checkpoint;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"no anchor covered leaf {leaf.Index} in {seconds} s");
            await Task.Delay(300);
        }
    }

    [Fact]
    public async Task checkpoints_are_anchored_confirmed_and_verified_from_the_chain_by_the_cli()
    {
        await new City(fixture).WithPortal();
        var checkpoint = await AnchoredThrough();
        var anchor = checkpoint.GetProperty("latestAnchor");

        anchor.GetProperty("chainId").GetInt64().ShouldBe(31337);
        anchor.GetProperty("contract").GetString().ShouldBe(fixture.Contract);
        anchor.GetProperty("confirmations").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        output.WriteLine($"anchor of {anchor.GetProperty("treeSize")} leaves: {anchor.GetProperty("gasUsed")} gas");
        var anchors = await fixture.Host.GetAsJson<JsonElement>("/api/ledger/anchors");
        anchors.EnumerateArray().ShouldContain(listed => listed.GetProperty("transactionHash").GetString() == anchor.GetProperty("transactionHash").GetString());

        var note = Path.Combine(folder.FullName, "checkpoint.txt");
        await File.WriteAllTextAsync(note, anchor.GetProperty("signedNote").GetString());
        var key = checkpoint.GetProperty("verifierKey").GetString()!;
        var verified = Ledger("verify", "anchor", "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract, "--checkpoint", note, "--key", key);
        verified.Exit.ShouldBe(0, verified.Out + verified.Error);
        verified.Out.ShouldContain(anchor.GetProperty("transactionHash").GetString()!);

        var forged = Ledger("verify", "anchor", "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract,
            "--origin", ApiFixture.LogOrigin, "--size", anchor.GetProperty("treeSize").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--root", new string('a', 64));
        forged.Exit.ShouldBe(1);
    }

    [Fact]
    public async Task a_certificate_is_genuine_in_every_step_and_its_offline_bundle_verifies_against_the_chain_alone()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        var seal = await city.RegisterSealKey(market);
        var content = City.CertificateFor("YYZZ", market, "上海锚定餐饮有限公司", City.NewEnterpriseCode());
        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        await AnchoredThrough();

        var report = await fixture.Host.GetAsJson<JsonElement>($"/api/verify/certificates/{content.Hash()}");
        report.GetProperty("verdict").GetString().ShouldBe("genuine", report.GetRawText());
        report.GetProperty("steps").EnumerateArray().ShouldAllBe(step => step.GetProperty("outcome").GetString() == "Pass");

        var bundle = Path.Combine(folder.FullName, "bundle.json");
        var bundleText = await fixture.Host.GetAsText($"/api/certificates/{issued.Id()}/proof-bundle");
        await File.WriteAllTextAsync(bundle, bundleText);
        var document = Path.Combine(folder.FullName, "document.json");
        var held = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(market), 200);
        await File.WriteAllTextAsync(document, held.GetRawText());
        var offline = Ledger("verify", "certificate", document, "--bundle", bundle, "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract);
        offline.Exit.ShouldBe(0, offline.Out + offline.Error);

        var altered = System.Text.Json.Nodes.JsonNode.Parse(held.GetRawText())!;
        altered["content"]!["holder"]!["name"] = "上海伪造餐饮有限公司";
        await File.WriteAllTextAsync(document, altered.ToJsonString());
        var tampered = Ledger("verify", "certificate", document, "--bundle", bundle, "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract);
        tampered.Exit.ShouldBe(1);
        tampered.Out.ShouldContain("not verified: integrity");
    }

    [Fact]
    public async Task the_audit_through_the_api_reads_every_anchored_root_from_the_chain_itself()
    {
        await new City(fixture).WithPortal();
        var checkpoint = await AnchoredThrough();
        await using var front = await ApiFront.StartAsync(fixture.Host);
        var auditor = fixture.TokenFor(new Domain.Identity.Actor("11310000MB2F00001C", "auditor.li"), Api.Identity.Roles.Auditor);
        string[] audit = ["audit", "--api", front.Url, "--token", auditor, "--key", checkpoint.GetProperty("verifierKey").GetString()!, "--rpc", fixture.Chain.RpcUrl];

        var anchored = await AuditingThroughTheApi.Ledger([.. audit, "--contract", fixture.Contract]);
        var elsewhere = await LedgerAnchorContract.DeployAsync(fixture.Account(0), [AnchoringFixture.AddressOf(3)], CancellationToken.None);
        var otherContract = await AuditingThroughTheApi.Ledger([.. audit, "--contract", elsewhere]);

        anchored.Exit.ShouldBe(0, anchored.Out + anchored.Error);
        anchored.Out.ShouldMatch(@"anchored roots read from chain 31337 [1-9][0-9]*");
        anchored.Out.ShouldContain("and every anchor on chain");
        otherContract.Exit.ShouldBe(1, otherContract.Out + otherContract.Error);
        otherContract.Out.ShouldContain($"anchor-missing: the API says the checkpoint of {checkpoint.GetProperty("latestAnchor").GetProperty("treeSize").GetInt64()} leaves is anchored");
    }

    [Fact]
    public async Task the_command_line_audit_checks_the_log_against_the_roots_anchored_on_chain()
    {
        await new City(fixture).WithPortal();
        var checkpoint = await AnchoredThrough();

        var audit = Ledger("audit", "--connection", fixture.ConnectionString, "--key", checkpoint.GetProperty("verifierKey").GetString()!,
            "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract);

        audit.Exit.ShouldBe(0, audit.Out + audit.Error);
        audit.Out.ShouldContain($"matches the anchor of {checkpoint.GetProperty("latestAnchor").GetProperty("treeSize").GetInt64()} leaves on chain 31337");
    }

    [Fact]
    public async Task an_account_not_on_the_allowlist_cannot_anchor()
    {
        var outsider = await fixture.AnchorerAsync(2);

        var refused = await Should.ThrowAsync<AnchorRefusedException>(() =>
            outsider.SubmitAsync(SHA256.HashData("outsider/log"u8), 1, SHA256.HashData("root"u8), [], CancellationToken.None));

        refused.Message.ShouldStartWith("NotAnchorer");
        refused.Error.ShouldBeOfType<NotAnchorerError>().Account.ShouldBe(AnchoringFixture.AddressOf(2), StringCompareShould.IgnoreCase);
    }

    [Fact]
    public async Task a_root_that_rewrites_anchored_history_is_refused_and_a_consistent_one_is_accepted()
    {
        // Given a log (of the tests' own) anchored at 5 leaves
        var anchorer = await fixture.AnchorerAsync(3);
        var logId = SHA256.HashData(Encoding.UTF8.GetBytes("rewrite-test/" + Guid.NewGuid()));
        byte[][] honest = [.. Enumerable.Range(0, 9).Select(i => MerkleHash.Leaf([(byte)i]))];
        byte[][] rewritten = [.. honest.Select((leaf, i) => i == 2 ? MerkleHash.Leaf([0xFF]) : leaf)];
        var first = await Mined(anchorer, await anchorer.SubmitAsync(logId, 5, MerkleTree.Root(honest, 0, 5), [], CancellationToken.None));
        first.Succeeded.ShouldBeTrue();
        first.LogIndex.ShouldNotBeNull();
        (await anchorer.RootAtAsync(logId, 5, CancellationToken.None)).ShouldBe(MerkleTree.Root(honest, 0, 5));

        // When the history is rewritten, the proof from the anchored root cannot be made: the contract refuses
        var forgedProof = MerkleTree.ConsistencyProof(rewritten, 5, 9);
        var refused = await Should.ThrowAsync<AnchorRefusedException>(() =>
            anchorer.SubmitAsync(logId, 9, MerkleTree.Root(rewritten), forgedProof, CancellationToken.None));
        refused.Message.ShouldStartWith("InconsistentHistory");
        refused.Error.ShouldBeOfType<InconsistentHistoryError>();

        // And an honest extension with its consistency proof is accepted
        var extension = await anchorer.SubmitAsync(logId, 9, MerkleTree.Root(honest), MerkleTree.ConsistencyProof(honest, 5, 9), CancellationToken.None);
        var second = await Mined(anchorer, extension);
        second.Succeeded.ShouldBeTrue();
        (await anchorer.LatestAsync(logId, CancellationToken.None)).ShouldNotBeNull().TreeSize.ShouldBe(9);
        (await anchorer.FindAnchoringTransactionAsync(logId, 9, CancellationToken.None)).ShouldBe(extension.Hash, StringCompareShould.IgnoreCase);
        output.WriteLine($"gas: first anchor {first.GasUsed}, anchor with a {MerkleTree.ConsistencyProof(honest, 5, 9).Count}-node consistency proof {second.GasUsed}");

        // And the same size again is refused
        var again = await Should.ThrowAsync<AnchorRefusedException>(() => anchorer.SubmitAsync(logId, 9, MerkleTree.Root(honest), [], CancellationToken.None));
        again.Message.ShouldStartWith("TreeSizeNotLarger");
        var notLarger = again.Error.ShouldBeOfType<TreeSizeNotLargerError>();
        (notLarger.Latest, notLarger.Given).ShouldBe((9UL, 9UL));
    }

    [Fact]
    public async Task after_a_chain_outage_one_transaction_anchors_every_leaf_signed_meanwhile()
    {
        // Given the ledger anchored up to now
        await new City(fixture).WithPortal();
        var before = (await AnchoredThrough()).GetProperty("latestAnchor").GetProperty("treeSize").GetInt64();

        // When the chain goes down while agencies keep working and checkpoints keep being signed
        await fixture.Chain.StopAsync();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await new City(fixture).WithPortal();
                await Task.Delay(1200);
            }

            var head = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
            head.Size.ShouldBeGreaterThan(before);
        }
        finally
        {
            await fixture.Chain.StartAgainAsync();
        }

        // Then, once the chain is back, the anchors catch up and nothing is lost
        var after = (await AnchoredThrough(seconds: 120)).GetProperty("latestAnchor");
        after.GetProperty("treeSize").GetInt64().ShouldBeGreaterThan(before);
        await using (var session = fixture.Store.QuerySession())
        {
            var caughtUp = await session.Query<CheckpointRecord>().SingleAsync(record => record.TreeSize == after.GetProperty("treeSize").GetInt64());
            caughtUp.Anchor.ShouldNotBeNull().PreviousTreeSize.ShouldBe(before, "one transaction, proven consistent with the last anchor before the outage");
        }

        var onChain = Ledger("verify", "anchor", "--rpc", fixture.Chain.RpcUrl, "--contract", fixture.Contract,
            "--origin", ApiFixture.LogOrigin, "--size", after.GetProperty("treeSize").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--root", after.GetProperty("rootHash").GetString()!);
        onChain.Exit.ShouldBe(0, onChain.Out + onChain.Error);
    }

    private static async Task<MinedReceipt> Mined(LedgerAnchorContract contract, AnchorTransaction sent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await contract.ReceiptAsync(sent.Hash, CancellationToken.None) is { } receipt)
            {
                return receipt;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{sent.Hash} was not mined in 60 s");
            await Task.Delay(100);
        }
    }

    public void Dispose() => folder.Delete(recursive: true);
}
