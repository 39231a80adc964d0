using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Merkle;

namespace Ledger.Api.Tests.Log;

/// <summary>
/// A database of its own, started empty, whose every checkpoint is signed by this run's key: an audit of all of history
/// through the API is clean only if nobody else wrote there.
/// </summary>
public sealed class ReplayFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_replay";

    protected override bool FreshDatabase => true;
}

[CollectionDefinition(Name)]
public sealed class ReplayCollection : ICollectionFixture<ReplayFixture>
{
    public const string Name = "replay";
}

/// <summary>An auditor pages through every leaf and every signed checkpoint, to replay all of history without the database.</summary>
[Collection(ReplayCollection.Name)]
public class LogPages(ReplayFixture fixture)
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhao"), Roles.Auditor);

    /// <summary>The log's size once it holds some history of this test's own, and at least <paramref name="atLeast"/> leaves.</summary>
    private async Task<long> LoggedSize(long atLeast = 8)
    {
        while (true)
        {
            await new City(fixture).WithPortal();
            var size = (await fixture.LoggedThrough(await fixture.Store.LastEventPosition())).Size;
            if (size >= atLeast)
            {
                return size;
            }
        }
    }

    private static List<long> Indices(JsonElement page) => [.. page.EnumerateArray().Select(leaf => leaf.GetProperty("index").GetInt64())];

    [Fact]
    public async Task pages_of_leaves_follow_one_another_in_index_order_as_the_single_leaf_endpoint_serves_them()
    {
        var size = await LoggedSize();
        var from = size - 6;

        var first = await fixture.GetJson($"/api/ledger/leaves?from={from}&count=3", token: AuditorToken);
        var second = await fixture.GetJson($"/api/ledger/leaves?from={from + 3}&count=3", token: AuditorToken);

        Indices(first).Concat(Indices(second)).ShouldBe([from, from + 1, from + 2, from + 3, from + 4, from + 5]);
        foreach (var leaf in first.EnumerateArray().Concat(second.EnumerateArray()))
        {
            var single = await fixture.GetJson($"/api/ledger/leaves/{leaf.GetProperty("index").GetInt64()}", token: AuditorToken);
            leaf.GetRawText().ShouldBe(single.GetRawText());
        }
    }

    [Fact]
    public async Task a_page_ends_at_the_log_size_and_a_page_beyond_it_is_empty()
    {
        var size = await LoggedSize();

        var last = await fixture.GetJson($"/api/ledger/leaves?from={size - 2}&count=10000");
        var beyond = await fixture.GetJson("/api/ledger/leaves?from=99999999999");
        var byDefault = await fixture.GetJson("/api/ledger/leaves");

        Indices(last).Count.ShouldBeGreaterThanOrEqualTo(2);
        Indices(last).ShouldBe([.. Enumerable.Range(0, Indices(last).Count).Select(offset => size - 2 + offset)]);
        beyond.GetArrayLength().ShouldBe(0);
        Indices(byDefault).ShouldBe([.. Enumerable.Range(0, byDefault.GetArrayLength()).Select(index => (long)index)]);
        byDefault.GetArrayLength().ShouldBeInRange((int)Math.Min(1000, size), 1000);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(Roles.Officer, false)]
    [InlineData(Roles.Portal, false)]
    [InlineData(Roles.Auditor, true)]
    [InlineData(Roles.Admin, true)]
    public async Task only_auditors_and_administrators_get_the_canonical_bytes_and_they_hash_to_the_leaf_hash(string? role, bool bytes)
    {
        var size = await LoggedSize();
        var token = role is null ? null : fixture.TokenFor(new Actor("11310000MB2F00001C", "reader.wu"), role);

        var page = await fixture.GetJson($"/api/ledger/leaves?from={size - 5}&count=5", token: token);

        page.GetArrayLength().ShouldBe(5);
        foreach (var leaf in page.EnumerateArray())
        {
            leaf.TryGetProperty("canonicalBytes", out var canonical).ShouldBe(bytes);
            if (bytes)
            {
                Convert.ToHexStringLower(MerkleHash.Leaf(Convert.FromBase64String(canonical.GetString()!))).ShouldBe(leaf.GetProperty("leafHash").GetString());
            }
        }
    }

    [Theory]
    [InlineData("/api/ledger/leaves?count=0", "count")]
    [InlineData("/api/ledger/leaves?count=10001", "count")]
    [InlineData("/api/ledger/leaves?count=ten", "count")]
    [InlineData("/api/ledger/leaves?from=-1", "from")]
    [InlineData("/api/ledger/leaves?from=1e3", "from")]
    [InlineData("/api/ledger/leaves?from=99999999999999999999999", "from")]
    [InlineData("/api/ledger/checkpoints?count=0", "count")]
    [InlineData("/api/ledger/checkpoints?count=1001", "count")]
    [InlineData("/api/ledger/checkpoints?from=-5", "from")]
    public async Task a_bad_page_is_an_invalid_parameter_naming_it(string url, string parameter)
    {
        var problem = await fixture.GetJson(url, 400);

        problem.GetProperty("code").GetString().ShouldBe("invalid-parameter");
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
    }

    [Fact]
    public async Task every_signed_checkpoint_is_listed_oldest_first_and_verifies_with_the_published_key()
    {
        await LoggedSize();
        var checkpoints = await Eventually(async () => await fixture.GetJson("/api/ledger/checkpoints?count=1000"), page => page.GetArrayLength() >= 2);
        var key = (await fixture.GetJson("/api/ledger/key")).GetProperty("verifierKey").GetString()!;

        var sizes = checkpoints.EnumerateArray().Select(checkpoint => checkpoint.GetProperty("treeSize").GetInt64()).ToList();
        sizes.ShouldBe(sizes.Order().Distinct());
        foreach (var checkpoint in checkpoints.EnumerateArray())
        {
            var verification = CheckpointVerifier.Verify(checkpoint.GetProperty("signedNote").GetString()!, key);
            verification.Checkpoint.ShouldNotBeNull(verification.Failure).Size.ShouldBe(checkpoint.GetProperty("treeSize").GetInt64());
            Convert.ToHexStringLower(verification.Checkpoint.Root).ShouldBe(checkpoint.GetProperty("rootHash").GetString());
            checkpoint.GetProperty("anchorStatus").GetString().ShouldBeOneOf("none", "submitted", "confirmed", "abandoned");
        }

        var next = await fixture.GetJson($"/api/ledger/checkpoints?from={sizes[0] + 1}&count=1");
        next.GetArrayLength().ShouldBe(1);
        next[0].GetProperty("treeSize").GetInt64().ShouldBe(sizes[1]);
    }

    private static async Task<JsonElement> Eventually(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await read();
            if (done(result))
            {
                return result;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(200);
        }
    }
}
