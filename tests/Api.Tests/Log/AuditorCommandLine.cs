using System.Text.Json;
using Alba;
using Ledger.Cli;
using Ledger.Integrity.Merkle;

namespace Ledger.Api.Tests.Log;

/// <summary>An auditor saves what the proof API returns and checks it with `ledger`, which trusts nothing else.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditorCommandLine(ApiFixture fixture) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("ledger-cli-");

    private async Task<string> Save(string name, string url)
    {
        var path = Path.Combine(folder.FullName, name);
        await File.WriteAllTextAsync(path, await fixture.Host.GetAsText(url));
        return path;
    }

    private static (int Exit, string Out, string Error) Ledger(params string[] args) => Ledger(args, "");

    private static (int Exit, string Out, string Error) Ledger(string[] args, string input)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(input), output, error));
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<(string Checkpoint, string Key, long Size)> SavedCheckpoint()
    {
        await new City(fixture).WithPortal();
        await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await fixture.Host.Scenario(scenario => { scenario.Get.Url("/api/ledger/checkpoint"); scenario.IgnoreStatusCode(); })).Context.Response.StatusCode != 200)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(200);
        }

        var checkpoint = await Save("checkpoint.json", "/api/ledger/checkpoint");
        var key = JsonDocument.Parse(await fixture.Host.GetAsText("/api/ledger/key")).RootElement.GetProperty("verifierKey").GetString()!;
        return (checkpoint, key, JsonDocument.Parse(await File.ReadAllTextAsync(checkpoint)).RootElement.GetProperty("treeSize").GetInt64());
    }

    [Fact]
    public async Task a_leaf_is_verified_against_a_signed_checkpoint()
    {
        var (checkpoint, key, size) = await SavedCheckpoint();
        var index = size - 1;
        var leaf = await Save("leaf.json", $"/api/ledger/leaves/{index}");
        var proof = await Save("inclusion.json", $"/api/ledger/proofs/inclusion?index={index}&size={size}");

        var (exit, output, _) = Ledger("verify", "inclusion", "--proof", proof, "--leaf", leaf, "--checkpoint", checkpoint, "--key", key);

        exit.ShouldBe(0, output);
        output.ShouldStartWith($"verified: leaf {index}");
    }

    [Fact]
    public async Task an_altered_leaf_is_not_verified_and_says_why()
    {
        var (checkpoint, key, size) = await SavedCheckpoint();
        var proof = await Save("inclusion.json", $"/api/ledger/proofs/inclusion?index=0&size={size}");
        var auditor = fixture.TokenFor(new Domain.Identity.Actor("11310000MB2F00001C", "auditor.zhao"), Api.Identity.Roles.Auditor);
        var leaf = (await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/ledger/leaves/0");
            scenario.WithRequestHeader("Authorization", "Bearer " + auditor);
        })).Json();
        var canonical = Convert.FromBase64String(leaf.GetProperty("canonicalBytes").GetString()!);
        canonical[^3] ^= 0x01;
        var altered = Path.Combine(folder.FullName, "altered.bytes");
        await File.WriteAllBytesAsync(altered, canonical);

        var (exit, output, _) = Ledger("verify", "inclusion", "--proof", proof, "--leaf", altered, "--checkpoint", checkpoint, "--key", key);

        exit.ShouldBe(1);
        output.ShouldStartWith("not verified: leaf");
    }

    [Fact]
    public async Task a_checkpoint_verifies_only_with_the_ledgers_key()
    {
        var (checkpoint, key, size) = await SavedCheckpoint();

        Ledger("verify", "checkpoint", checkpoint, "--key", key).ShouldSatisfyAllConditions(
            result => result.Exit.ShouldBe(0),
            result => result.Out.ShouldContain($"size {size}"));
        var other = new Integrity.Checkpoints.CheckpointSigner(ApiFixture.LogOrigin, Integrity.Checkpoints.NoteKeys.GeneratePem());
        Ledger("verify", "checkpoint", checkpoint, "--key", other.VerifierKey).Exit.ShouldBe(1);
        other.Dispose();
    }

    [Fact]
    public async Task consistency_between_two_sizes_is_verified()
    {
        var (_, _, size) = await SavedCheckpoint();
        var proof = await Save("consistency.json", $"/api/ledger/proofs/consistency?from={Math.Max(1, size / 2)}&to={size}");

        var (exit, output, _) = Ledger("verify", "consistency", "--proof", proof);

        exit.ShouldBe(0, output);
        Ledger("verify", "consistency", "--proof", proof, "--to-root", new string('0', 64)).Exit.ShouldBe(1);
    }

    [Fact]
    public void the_merkle_root_of_leaf_hashes_matches_the_definition()
    {
        byte[][] leaves = [.. Enumerable.Range(0, 13).Select(i => MerkleHash.Leaf([(byte)i]))];

        var (exit, output, _) = Ledger(["merkle", "root"], string.Join('\n', leaves.Select(Convert.ToHexStringLower)));

        exit.ShouldBe(0);
        output.ShouldContain($"root {Convert.ToHexStringLower(MerkleTree.Root(leaves))}");
    }

    [Theory]
    [InlineData("merkle", "root", "/nonexistent/leaves.txt")]
    [InlineData("verify", "inclusion", "--index", "x")]
    [InlineData("verify", "consistency", "--from", "1", "--to", "2", "--from-root", "zz", "--to-root", "00")]
    [InlineData("verify", "nothing")]
    public void bad_input_exits_with_2_and_the_usage(params string[] args)
    {
        var (exit, _, error) = Ledger(args);

        exit.ShouldBe(2);
        error.ShouldContain("ledger verify inclusion");
    }

    public void Dispose() => folder.Delete(recursive: true);
}
