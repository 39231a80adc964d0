using Ledger.Cli;
using Ledger.Integrity.Merkle;

namespace Ledger.Api.Tests.Log;

/// <summary>`ledger` explains itself: help lists its commands and options, and a mistake exits 2 saying what was wrong.</summary>
public sealed class CommandLineUsage
{
    private static (int Exit, string Out, string Error) Ledger(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(""), output, error));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void help_lists_every_command()
    {
        var (exit, output, _) = Ledger("--help");

        exit.ShouldBe(0);
        output.ShouldSatisfyAllConditions(
            () => output.ShouldContain("dev-keys"),
            () => output.ShouldContain("token"),
            () => output.ShouldContain("merkle"),
            () => output.ShouldContain("verify"),
            () => output.ShouldContain("chain"),
            () => output.ShouldContain("audit"));
    }

    [Fact]
    public void a_commands_help_lists_its_subcommands_and_options()
    {
        var verify = Ledger("verify", "--help");
        var inclusion = Ledger("verify", "inclusion", "--help");

        verify.Exit.ShouldBe(0);
        verify.Out.ShouldSatisfyAllConditions(
            () => verify.Out.ShouldContain("checkpoint"),
            () => verify.Out.ShouldContain("inclusion"),
            () => verify.Out.ShouldContain("consistency"),
            () => verify.Out.ShouldContain("anchor"),
            () => verify.Out.ShouldContain("certificate"));
        inclusion.Exit.ShouldBe(0);
        inclusion.Out.ShouldContain("--leaf-hash <HEX>");
        inclusion.Out.ShouldContain("--checkpoint <NOTE_FILE>");
    }

    [Fact]
    public void an_unknown_option_exits_2_naming_it()
    {
        var (exit, _, error) = Ledger("verify", "consistency", "--frm", "1");

        exit.ShouldBe(2);
        error.ShouldContain("--frm");
    }

    [Fact]
    public void a_missing_required_option_exits_2_naming_it()
    {
        var (exit, _, error) = Ledger("token", "--agency", "11310000MB2F00001C", "--role", "auditor");

        exit.ShouldBe(2);
        error.ShouldContain("--officer");
    }

    [Fact]
    public void a_malformed_hash_exits_2_saying_what_is_wrong_with_it()
    {
        var (exit, _, error) = Ledger("verify", "consistency", "--from", "1", "--to", "2", "--from-root", new string('a', 62), "--to-root", new string('b', 64));

        exit.ShouldBe(2);
        error.ShouldContain("--from-root must be 32 bytes of hex (64 digits); got 31 bytes.");
    }

    [Fact]
    public void a_number_that_is_not_one_exits_2_naming_the_option()
    {
        var (exit, _, error) = Ledger("verify", "inclusion", "--index", "x");

        exit.ShouldBe(2);
        error.ShouldContain("--index must be a whole number of 0 or more; got 'x'.");
    }

    [Fact]
    public void a_number_out_of_range_exits_2_saying_the_range()
    {
        var (exit, _, error) = Ledger("audit", "--api", "http://127.0.0.1:9", "--token", "t", "--page-size", "20000");

        exit.ShouldBe(2);
        error.ShouldContain("--page-size must be from 1 to 10000; got '20000'.");
    }

    [Fact]
    public void a_proof_given_entirely_as_options_verifies()
    {
        byte[][] leaves = [.. Enumerable.Range(0, 5).Select(i => MerkleHash.Leaf([(byte)i]))];
        var path = string.Join(',', MerkleTree.InclusionProof(leaves, 3, 5).Select(Convert.ToHexStringLower));

        var (exit, output, error) = Ledger("verify", "inclusion", "--index", "3", "--size", "5", "--root", Convert.ToHexStringLower(MerkleTree.Root(leaves)),
            "--leaf-hash", Convert.ToHexStringLower(leaves[3]), "--path", path);

        exit.ShouldBe(0, output + error);
        output.ShouldStartWith("verified: leaf 3");
    }
}
