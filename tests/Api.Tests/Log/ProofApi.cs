using System.Text.Json;
using Alba;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Merkle;

namespace Ledger.Api.Tests.Log;

/// <summary>What the public proof API serves verifies with nothing but the RFC 9162 algorithms and the published key.</summary>
[Collection(ApiCollection.Name)]
public class ProofApi(ApiFixture fixture)
{
    private static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    private static List<byte[]> Path(JsonElement proof) => [.. proof.GetProperty("path").EnumerateArray().Select(Hex)];

    private async Task<long> LoggedSize()
    {
        await new City(fixture).WithPortal();
        return (await fixture.LoggedThrough(await fixture.Store.LastEventPosition())).Size;
    }

    private string AuditorToken => fixture.TokenFor(new Ledger.Domain.Identity.Actor("11310000MB2F00001C", "auditor.zhao"), Ledger.Api.Identity.Roles.Auditor);

    [Fact]
    public async Task a_leaf_is_its_canonical_bytes_and_their_hash_and_is_proven_in_the_tree()
    {
        var size = await LoggedSize();
        var index = size / 2;

        var leaf = await fixture.GetJson($"/api/ledger/leaves/{index}", token: AuditorToken);
        var proof = await fixture.GetJson($"/api/ledger/proofs/inclusion?index={index}&size={size}");

        var canonical = Convert.FromBase64String(leaf.GetProperty("canonicalBytes").GetString()!);
        MerkleHash.Leaf(canonical).ShouldBe(Hex(leaf.GetProperty("leafHash")));
        JsonDocument.Parse(canonical).RootElement.GetProperty("position").GetInt64().ShouldBe(leaf.GetProperty("position").GetInt64());
        MerkleProofs.VerifyInclusion(Hex(leaf.GetProperty("leafHash")), index, size, Path(proof), Hex(proof.GetProperty("rootHash"))).ShouldBeTrue();
    }

    [Fact]
    public async Task an_older_tree_is_proven_a_prefix_of_a_newer_one()
    {
        var size = await LoggedSize();

        var proof = await fixture.GetJson($"/api/ledger/proofs/consistency?from={size / 3 + 1}&to={size}");

        MerkleProofs.VerifyConsistency(size / 3 + 1, size, Hex(proof.GetProperty("fromRootHash")), Hex(proof.GetProperty("toRootHash")), Path(proof)).ShouldBeTrue();
    }

    [Fact]
    public async Task a_proof_is_served_as_immutable_and_the_same_again_while_one_beyond_the_log_is_not_kept()
    {
        var size = await LoggedSize();
        var url = $"/api/ledger/proofs/inclusion?index={size - 1}&size={size}";

        var first = await fixture.Host.Scenario(scenario => scenario.Get.Url(url));
        var again = await fixture.Host.Scenario(scenario => scenario.Get.Url(url));
        var beyond = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/ledger/proofs/consistency?from=1&to={size + 1_000_000}");
            scenario.StatusCodeShouldBe(404);
        });

        first.Context.Response.Headers.CacheControl.ToString().ShouldBe("public, max-age=31536000, immutable");
        again.ReadAsText().ShouldBe(first.ReadAsText());
        MerkleProofs.VerifyInclusion(Hex(again.Json().GetProperty("leafHash")), size - 1, size, Path(again.Json()), Hex(again.Json().GetProperty("rootHash"))).ShouldBeTrue();
        beyond.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
    }

    [Fact]
    public async Task the_latest_checkpoint_is_signed_with_the_published_key_over_the_tree_head_at_its_size()
    {
        await LoggedSize();
        var checkpoint = await Eventually(async () => await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/ledger/checkpoint");
            scenario.IgnoreStatusCode();
        }));
        var key = await fixture.GetJson("/api/ledger/key");

        var verification = CheckpointVerifier.Verify(checkpoint.GetProperty("signedNote").GetString()!, key.GetProperty("verifierKey").GetString()!);
        verification.Verified.ShouldBeTrue(verification.Failure);
        verification.Checkpoint!.Origin.ShouldBe(ApiFixture.LogOrigin);
        var size = verification.Checkpoint.Size;
        var proof = await fixture.GetJson($"/api/ledger/proofs/consistency?from={size}&to={size}");
        Hex(proof.GetProperty("toRootHash")).ShouldBe(verification.Checkpoint.Root);
    }

    [Fact]
    public async Task the_public_reads_a_leaf_as_its_hash_position_and_type_and_never_its_bytes()
    {
        var size = await LoggedSize();

        var leaf = await fixture.GetJson($"/api/ledger/leaves/{size - 1}");
        var asAuditor = await fixture.GetJson($"/api/ledger/leaves/{size - 1}", token: AuditorToken);

        leaf.TryGetProperty("canonicalBytes", out _).ShouldBeFalse();
        leaf.GetProperty("leafHash").GetString().ShouldBe(asAuditor.GetProperty("leafHash").GetString());
        var canonical = JsonDocument.Parse(Convert.FromBase64String(asAuditor.GetProperty("canonicalBytes").GetString()!)).RootElement;
        leaf.GetProperty("eventType").GetString().ShouldBe(canonical.GetProperty("type").GetString());
        leaf.GetProperty("position").GetInt64().ShouldBe(canonical.GetProperty("position").GetInt64());
    }

    [Theory]
    [InlineData("/api/ledger/leaves/minus-one", 400, "invalid-parameter")]
    [InlineData("/api/ledger/leaves/-1", 400, "invalid-parameter")]
    [InlineData("/api/ledger/leaves/99999999999", 404, "beyond-log-size")]
    [InlineData("/api/ledger/proofs/inclusion?index=1", 400, "invalid-parameter")]
    [InlineData("/api/ledger/proofs/inclusion?index=5&size=5", 400, "invalid-parameter")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&size=99999999999", 404, "beyond-log-size")]
    [InlineData("/api/ledger/proofs/inclusion?index=0&size=1e3", 400, "invalid-parameter")]
    [InlineData("/api/ledger/proofs/consistency?from=0&to=5", 400, "invalid-parameter")]
    [InlineData("/api/ledger/proofs/consistency?from=6&to=5", 400, "invalid-parameter")]
    [InlineData("/api/ledger/proofs/consistency?from=1&to=99999999999", 404, "beyond-log-size")]
    [InlineData("/api/ledger/proofs/consistency?from=1&to=99999999999999999999999", 400, "invalid-parameter")]
    [InlineData("/api/ledger/anchors?limit=0", 400, "invalid-parameter")]
    [InlineData("/api/ledger/events/-3/leaf", 400, "invalid-parameter")]
    [InlineData("/api/ledger/events/99999999999/leaf", 404, "leaf-not-found")]
    public async Task out_of_range_or_malformed_requests_get_problem_details(string url, int status, string code)
    {
        await LoggedSize();

        var problem = await fixture.GetJson(url, status);

        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    private static async Task<JsonElement> Eventually(Func<Task<IScenarioResult>> read)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var result = await read();
            if (result.Context.Response.StatusCode == 200 || DateTime.UtcNow > deadline)
            {
                result.Context.Response.StatusCode.ShouldBe(200);
                return result.Json();
            }

            await Task.Delay(200);
        }
    }
}
