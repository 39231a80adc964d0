using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Identity;
using Ledger.Cli;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Log;

/// <summary>
/// An auditor runs `ledger audit --api` from their own machine: all of history replayed from what the API serves over HTTP,
/// trusting only the leaves' canonical bytes and the checkpoints' signatures.
/// </summary>
[Collection(ReplayCollection.Name)]
public sealed class AuditingThroughTheApi(ReplayFixture fixture, ITestOutputHelper report)
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.qian"), Roles.Auditor);

    public static Task<(int Exit, string Out, string Error)> Ledger(params string[] args) => Task.Run(() =>
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(""), output, error));
        return (exit, output.ToString(), error.ToString());
    });

    /// <summary>Some history, logged and covered by a signed checkpoint: that checkpoint's size.</summary>
    private async Task<long> ACheckpointedLog()
    {
        await new City(fixture).WithPortal();
        var logged = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await fixture.Host.Scenario(scenario => { scenario.Get.Url("/api/ledger/checkpoint"); scenario.IgnoreStatusCode(); });
            if (result.Context.Response.StatusCode == 200 && result.Json().GetProperty("treeSize").GetInt64() >= logged.Size)
            {
                return result.Json().GetProperty("treeSize").GetInt64();
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint covered the log");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A leaves page with leaf <paramref name="index"/>'s canonical bytes changed (still JSON, naming the same event), and its
    /// leaf hash changed to match when <paramref name="rehash"/>.
    /// </summary>
    private static Func<string, string, string> Altering(long index, bool rehash = false) => (path, body) =>
    {
        if (!string.Equals(path, "/api/ledger/leaves", StringComparison.Ordinal))
        {
            return body;
        }

        var page = JsonNode.Parse(body)!.AsArray();
        foreach (var leaf in page.Where(leaf => leaf!["index"]!.GetValue<long>() == index))
        {
            var original = Encoding.UTF8.GetString(Convert.FromBase64String(leaf!["canonicalBytes"]!.GetValue<string>()));
            var canonical = Encoding.UTF8.GetBytes(original.Replace("\"format\":\"ledger.event.v1\"", "\"format\":\"ledger.event.v2\"", StringComparison.Ordinal));
            canonical.ShouldNotBe(Encoding.UTF8.GetBytes(original));
            leaf["canonicalBytes"] = Convert.ToBase64String(canonical);
            if (rehash)
            {
                leaf["leafHash"] = Convert.ToHexStringLower(Integrity.Merkle.MerkleHash.Leaf(canonical));
            }
        }

        return page.ToJsonString();
    };

    [Fact]
    public async Task the_whole_log_served_over_http_is_verified_against_every_signed_checkpoint()
    {
        await ACheckpointedLog();
        await using var front = await ApiFront.StartAsync(fixture.Host);

        var (exit, output, error) = await Ledger("audit", "--api", front.Url, "--token", AuditorToken, "--page-size", "7");
        report.WriteLine(output);

        exit.ShouldBe(0, output + error);
        output.ShouldContain("as the API publishes it (pin it with --key)");
        output.ShouldContain("verified: every leaf hashes to its served leaf hash, and the leaves make the root of every signed checkpoint");
        output.ShouldMatch(@"checkpoints signed by the key [1-9][0-9]*");
    }

    [Fact]
    public async Task one_leaf_served_with_altered_canonical_bytes_is_named_by_its_index()
    {
        var size = await ACheckpointedLog();
        var altered = size / 2;
        await using var front = await ApiFront.StartAsync(fixture.Host, Altering(altered));

        var (exit, output, error) = await Ledger("audit", "--api", front.Url, "--token", AuditorToken);
        report.WriteLine(output);

        exit.ShouldBe(1, output + error);
        output.ShouldContain($"leaf-altered: leaf {altered} ");
        output.ShouldContain($"not verified: first altered leaf {altered} ");
    }

    [Fact]
    public async Task a_leaf_altered_with_its_leaf_hash_breaks_the_root_of_the_checkpoints_that_cover_it()
    {
        var size = await ACheckpointedLog();
        await using var front = await ApiFront.StartAsync(fixture.Host, Altering(size - 1, rehash: true));

        var (exit, output, error) = await Ledger("audit", "--api", front.Url, "--token", AuditorToken);
        report.WriteLine(output);

        exit.ShouldBe(1, output + error);
        output.ShouldContain($"root-mismatch: the checkpoint of {size} leaves has root");
        output.ShouldContain($"not verified: the checkpoint of {size} leaves has root");
        output.ShouldNotContain("leaf-altered");
    }

    [Fact]
    public async Task checkpoints_signed_by_another_key_than_the_pinned_one_are_not_verified()
    {
        await ACheckpointedLog();
        await using var front = await ApiFront.StartAsync(fixture.Host);
        using var other = new CheckpointSigner(ApiFixture.LogOrigin, NoteKeys.GeneratePem());

        var (exit, output, _) = await Ledger("audit", "--api", front.Url, "--token", AuditorToken, "--key", other.VerifierKey);

        exit.ShouldBe(1);
        output.ShouldContain("checkpoint-forged: ");
    }

    [Fact]
    public async Task a_token_without_the_auditor_role_is_bad_input_for_the_leaves_come_without_their_bytes()
    {
        await ACheckpointedLog();
        await using var front = await ApiFront.StartAsync(fixture.Host);
        var officer = fixture.TokenFor(new Actor("11310000MB2F00001C", "officer.sun"), Roles.Officer);

        var (exit, _, error) = await Ledger("audit", "--api", front.Url, "--token", officer);

        exit.ShouldBe(2);
        error.ShouldContain("the token must carry the auditor or admin role");
    }

    [Theory]
    [InlineData("--api", "http://127.0.0.1:9", "--token", "t")]
    [InlineData("--api", "ftp://example.org", "--token", "t")]
    [InlineData("--api", "http://127.0.0.1:9")]
    [InlineData("--api", "http://127.0.0.1:9", "--token", "t", "--page-size", "0")]
    public async Task an_unreachable_api_or_a_bad_option_is_bad_input(params string[] options)
    {
        var (exit, _, error) = await Ledger(["audit", .. options]);

        exit.ShouldBe(2);
        error.ShouldNotBeEmpty();
    }
}
