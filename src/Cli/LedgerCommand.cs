using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using static Ledger.Cli.CommandOptions;

namespace Ledger.Cli;

/// <summary>
/// `ledger`: the command tree, parsed by System.CommandLine. Exit codes: 0 verified or done, 1 not verified (with the reason),
/// 2 bad input or a usage error (with what was wrong and the commands' synopsis).
/// </summary>
internal static class LedgerCommand
{
    private const string AuditingNote = "Auditing exits 0 verified, 1 not verified with the reason, 2 bad input; nothing but the inputs is trusted.";

    public static int Run(string[] args) => Run(args, Terminal.Console);

    public static int Run(string[] args, Terminal terminal) => RunAsync(args, terminal).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, Terminal terminal)
    {
        var root = Root(terminal);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return Fail(terminal, string.Join(Environment.NewLine, parse.Errors.Select(error => error.Message)), root);
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageError exception)
        {
            return Fail(terminal, exception.Message, root);
        }
        catch (NotVerified exception)
        {
            terminal.Out.WriteLine("not verified: " + exception.Message);
            return 1;
        }
        catch (IOException exception)
        {
            return Fail(terminal, exception.Message);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return Fail(terminal, "Bad input: " + exception.Message);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            return Fail(terminal, "The database did not answer: " + exception.Message);
        }
    }

    public static RootCommand Root(Terminal terminal) =>
        new("The ledger's command line: development keys and tokens, and an auditor's checks of the log, its checkpoints and anchors. " + AuditingNote)
        {
            DevKeys(terminal),
            Token(terminal),
            new Command("merkle", "Merkle tree computations.") { MerkleRoot(terminal) },
            new Command("verify", "Check a checkpoint, a proof, an anchor or a certificate against nothing but its inputs. " + AuditingNote)
            {
                VerifyCheckpoint(terminal), VerifyInclusion(terminal), VerifyConsistency(terminal), VerifyAnchor(terminal), VerifyCertificate(terminal),
            },
            new Command("chain", "The anchor contract on the chain.") { ChainDeploy(terminal) },
            Audit(terminal),
            new Command("operations", "The city's operations figures.") { OperationsFigures(terminal) },
        };

    /// <summary>Every command that does something, one line each: what a usage error prints after saying what was wrong.</summary>
    public static IEnumerable<string> Synopsis(Command command, string path) =>
        command.Subcommands.Count == 0
            ? [$"  {path}{string.Concat(command.Arguments.Select(ArgumentUsage))} [options]"]
            : command.Subcommands.SelectMany(subcommand => Synopsis(subcommand, path + " " + subcommand.Name));

    private static string ArgumentUsage(Argument argument) =>
        argument.Arity.MinimumNumberOfValues == 0 ? $" [<{argument.Name}>]" : $" <{argument.Name}>";

    private static Command DevKeys(Terminal terminal)
    {
        var dir = new Option<string>("--dir")
        {
            Description = "The folder for the keys", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine(".data", "auth"),
        };
        var command = new Command("dev-keys",
            "Create the development keys that are missing: the token-signing pair (token-signing.pem, token-signing.pub.pem), the Ed25519 "
            + "checkpoint-signing key (checkpoint-signing.pem) and the personal data vault's key-encryption key (privacy-kek.key: 32 random "
            + "bytes as base64, for Privacy:KeyEncryptionKeyFile).") { dir };
        command.SetAction(parse => DevelopmentCommands.DevKeys(parse.GetRequiredValue(dir), terminal));
        return command;
    }

    private static Command Token(Terminal terminal)
    {
        var agency = Text("--agency", "CREDIT_CODE", "The agency's unified social credit code", required: true);
        var officer = Text("--officer", "ID", "The officer's id", required: true);
        var role = new Option<List<string>>("--role")
        {
            Description = "A role the token carries (repeat for more)", HelpName = "ROLE", Required = true, Arity = ArgumentArity.OneOrMore,
        };
        role.AcceptOnlyFromAmong("admin", "officer", "portal", "auditor", "privacy-officer");
        var key = new Option<string>("--key")
        {
            Description = "The token-signing private key (PEM)", HelpName = "KEY_FILE", DefaultValueFactory = _ => Path.Combine(".data", "auth", "token-signing.pem"),
        };
        var issuer = new Option<string>("--issuer") { Description = "The token's issuer", HelpName = "ISSUER", DefaultValueFactory = _ => "ledger-dev" };
        var audience = new Option<string>("--audience") { Description = "The token's audience", HelpName = "AUDIENCE", DefaultValueFactory = _ => "ledger-api" };
        var hours = Positive("--hours", "HOURS", "How long the token lasts");
        hours.DefaultValueFactory = _ => 8;
        var command = new Command("token", "Print a bearer token for the local stack.") { agency, officer, role, key, issuer, audience, hours };
        command.SetAction(parse => DevelopmentCommands.Token(
            new TokenInput(parse.GetRequiredValue(agency), parse.GetRequiredValue(officer), parse.GetRequiredValue(role), parse.GetRequiredValue(key),
                parse.GetRequiredValue(issuer), parse.GetRequiredValue(audience), parse.GetValue(hours)),
            terminal));
        return command;
    }

    private static Command MerkleRoot(Terminal terminal)
    {
        var file = ExistingFileArgument("FILE", "Leaf hashes, hex, one per line (standard input when not given)", ArgumentArity.ZeroOrOne);
        var command = new Command("root", "The RFC 9162 tree head of leaf hashes (hex, one per line) from FILE or standard input.") { file };
        command.SetAction(parse => MerkleCommands.Root(parse.GetValue(file), terminal));
        return command;
    }

    private static Command VerifyCheckpoint(Terminal terminal)
    {
        var note = ExistingFileArgument("NOTE_FILE", "The checkpoint: a C2SP signed note, or the API's checkpoint JSON", ArgumentArity.ExactlyOne);
        var key = VerifierKey(required: true);
        var command = new Command("checkpoint", "Check a signed checkpoint (C2SP signed note, or the API's checkpoint JSON) against the ledger's key.") { note, key };
        command.SetAction(parse => VerifyCommands.Checkpoint(parse.GetRequiredValue(note), parse.GetRequiredValue(key), terminal));
        return command;
    }

    private static Command VerifyInclusion(Terminal terminal)
    {
        var proof = ExistingFile("--proof", "PROOF_JSON", "The API's inclusion proof (its values are overridden by the options below)");
        var index = Count("--index", "I", "The leaf's index");
        var leaf = ExistingFile("--leaf", "LEAF_FILE", "The leaf: its canonical bytes, or the API's leaf JSON");
        var leafHash = Hash("--leaf-hash", "The leaf's hash");
        var size = Count("--size", "N", "The tree's size");
        var root = Hash("--root", "The tree's root");
        var checkpoint = ExistingFile("--checkpoint", "NOTE_FILE", "A signed checkpoint whose size and root are the tree's (needs --key)");
        var key = VerifierKey(required: false);
        var path = Hashes("--path", "The proof's path");
        var command = new Command("inclusion", "Check that a leaf is in a tree. LEAF_FILE is the canonical bytes or the API's leaf JSON.")
        {
            proof, index, leaf, leafHash, size, root, checkpoint, key, path,
        };
        command.Validators.Add(result => RequireTogether(result, checkpoint, key));
        command.Validators.Add(result => RequireAtMostOne(result, leaf, leafHash));
        command.SetAction(parse => VerifyCommands.Inclusion(
            new InclusionInput(parse.GetValue(proof), parse.Given(index), parse.GetValue(leaf), parse.GivenValue(leafHash), parse.Given(size),
                parse.GivenValue(root), parse.GetValue(checkpoint), parse.GetValue(key), parse.GivenValue(path)),
            terminal));
        return command;
    }

    private static Command VerifyConsistency(Terminal terminal)
    {
        var proof = ExistingFile("--proof", "PROOF_JSON", "The API's consistency proof (its values are overridden by the options below)");
        var from = Count("--from", "M", "The smaller tree's size");
        var to = Count("--to", "N", "The larger tree's size");
        var fromRoot = Hash("--from-root", "The smaller tree's root");
        var toRoot = Hash("--to-root", "The larger tree's root");
        var path = Hashes("--path", "The proof's path");
        var command = new Command("consistency", "Check that the tree of M leaves is a prefix of the tree of N leaves.") { proof, from, to, fromRoot, toRoot, path };
        command.SetAction(parse => VerifyCommands.Consistency(
            new ConsistencyInput(parse.GetValue(proof), parse.Given(from), parse.Given(to), parse.GivenValue(fromRoot), parse.GivenValue(toRoot), parse.GivenValue(path)),
            terminal));
        return command;
    }

    private static Command VerifyAnchor(Terminal terminal)
    {
        var rpc = HttpUrl("--rpc", "The chain node's JSON-RPC URL", required: true);
        var contract = Address("--contract", "The LedgerAnchor contract's address", required: true);
        var checkpoint = ExistingFile("--checkpoint", "NOTE_FILE", "The signed checkpoint whose root should be anchored (needs --key)");
        var key = VerifierKey(required: false);
        var origin = Text("--origin", "ORIGIN", "The log's origin (without --checkpoint)");
        var size = Count("--size", "N", "The tree's size (without --checkpoint)");
        var root = Hash("--root", "The tree's root (without --checkpoint)");
        var command = new Command("anchor", "Check that the contract on the chain holds the checkpoint's root for its size.") { rpc, contract, checkpoint, key, origin, size, root };
        command.Validators.Add(result => RequireTogether(result, checkpoint, key));
        command.Validators.Add(result => RequireCheckpointOrHead(result, checkpoint, [origin, size, root]));
        command.SetAction((parse, _) => ChainCommands.VerifyAnchorAsync(
            new AnchorInput(parse.GetRequiredValue(rpc), parse.GetRequiredValue(contract), parse.GetValue(checkpoint), parse.GetValue(key),
                parse.GetValue(origin), parse.Given(size), parse.GivenValue(root)),
            terminal));
        return command;
    }

    private static Command VerifyCertificate(Terminal terminal)
    {
        var document = ExistingFileArgument("DOCUMENT", "The holder's certificate document (JSON: content, contentHash and seal)", ArgumentArity.ExactlyOne);
        var bundle = ExistingFile("--bundle", "BUNDLE_JSON", "Its proof bundle (GET /api/certificates/{id}/proof-bundle, ledger.proof-bundle.v2)", required: true);
        var rpc = HttpUrl("--rpc", "The chain node's JSON-RPC URL: the anchor is checked on the chain", required: true);
        var contract = Address("--contract", "The LedgerAnchor contract's address (pin it; else the bundle's)");
        var key = Text("--key", "VERIFIER_KEY", "The ledger's verifier key (pin it; else the bundle's)");
        var command = new Command("certificate",
            "Check the certificate document its holder keeps ({content, contentHash, seal}) against its proof bundle and the chain alone.")
        {
            document, bundle, rpc, contract, key,
        };
        command.SetAction((parse, _) => CertificateBundleCommand.RunAsync(
            new CertificateInput(parse.GetRequiredValue(document), parse.GetRequiredValue(bundle), parse.GetRequiredValue(rpc), parse.GetValue(contract), parse.GetValue(key)),
            terminal));
        return command;
    }

    private static Command ChainDeploy(Terminal terminal)
    {
        var rpc = HttpUrl("--rpc", "The chain node's JSON-RPC URL", required: true);
        var keyFile = ExistingFile("--key-file", "FILE", "The admin account's private key (64 hex digits) in a file");
        var keyEnv = Text("--key-env", "VARIABLE", "The environment variable holding the admin account's private key");
        var anchorers = Addresses("--anchorer", "An account allowed to anchor (the admin itself when none is given)");
        var command = new Command("deploy",
            "Deploy the LedgerAnchor contract (the key's account is its admin) and allow the anchoring accounts. Prints the contract's address.")
        {
            rpc, keyFile, keyEnv, anchorers,
        };
        command.Validators.Add(result => RequireExactlyOne(result, keyFile, keyEnv));
        command.SetAction((parse, _) => ChainCommands.DeployAsync(
            new DeployInput(parse.GetRequiredValue(rpc), parse.GetValue(keyFile), parse.GetValue(keyEnv), parse.GivenValue(anchorers) ?? []),
            terminal));
        return command;
    }

    private static Command Audit(Terminal terminal)
    {
        var connection = Text("--connection", "CONNECTION_STRING", "The database to audit (read only); with --key");
        var api = HttpUrl("--api", "The ledger API to audit through, without the database; with --token");
        var token = Text("--token", "TOKEN", "A bearer token with the auditor or admin role (with --api)");
        var key = Text("--key", "VERIFIER_KEY|KEY_FILE", "The ledger's verifier key, as text or in a file (required with --connection; with --api, pin it, else the API's published one is used)");
        var origin = Text("--origin", "ORIGIN", "The log's origin (with --connection; the key's name when not given)");
        var rpc = HttpUrl("--rpc", "The chain node's JSON-RPC URL, to check every anchored root (with --contract)");
        var contract = Address("--contract", "The LedgerAnchor contract's address (with --rpc)");
        var json = Text("--json", "REPORT_JSON", "Also write the report as JSON to this file (with --connection)");
        var pageSize = Count("--page-size", "N", "Leaves fetched a request (with --api)", minimum: 1, maximum: 10_000);
        pageSize.DefaultValueFactory = _ => 1_000;
        var command = new Command("audit",
            "The full integrity audit. With --connection, against the database: every leaf recomputed from the stored events, the tree rebuilt and "
            + "compared with the stored log, every signed checkpoint, every root anchored on chain, and every read model. With --api, the same audit "
            + "of the log from what the proof API serves: every leaf hash recomputed from its canonical bytes, the tree's root at every signed "
            + "checkpoint, and every anchored root read from the chain.")
        {
            connection, api, token, key, origin, rpc, contract, json, pageSize,
        };
        command.Validators.Add(result => RequireExactlyOne(result, connection, api));
        command.Validators.Add(result => RequireTogether(result, connection, key));
        command.Validators.Add(result => RequireTogether(result, api, token));
        command.Validators.Add(result => RequireTogether(result, rpc, contract));
        command.SetAction((parse, _) => AuditCommand.RunAsync(
            new AuditInput(parse.GetValue(connection), parse.GetValue(api), parse.GetValue(token), parse.GetValue(key), parse.GetValue(origin),
                parse.GetValue(rpc), parse.GetValue(contract), parse.GetValue(json), parse.GetValue(pageSize)),
            terminal));
        return command;
    }

    private static Command OperationsFigures(Terminal terminal)
    {
        var api = HttpUrl("--api", "The ledger API", required: true);
        var token = Text("--token", "TOKEN", "A bearer token with the auditor or admin role", required: true);
        var size = Count("--size", "N", "The log size (a signed checkpoint's) of the overview to recompute; the newest when not given", minimum: 1, maximum: long.MaxValue);
        var key = Text("--key", "VERIFIER_KEY|KEY_FILE", "The ledger's verifier key, as text or in a file (else the API's published one is used)");
        var offset = new Option<string>("--utc-offset")
        {
            Description = "The working calendar's UTC offset for local days, such as 08:00 (else the one the overview states, which is then printed)",
            HelpName = "HH:MM",
        };
        var pageSize = Count("--page-size", "N", "Leaves fetched a request", minimum: 1, maximum: 10_000);
        pageSize.DefaultValueFactory = _ => 1_000;
        var command = new Command("figures",
            "Recompute the city overview the API serves at a signed checkpoint's size from the log's leaves alone: the leaves are checked against "
            + "the checkpoint's signed root, their case events folded, every figure computed as at the checkpoint's timestamp and compared with "
            + "the served one. Exits 0 when all match, 1 when any differs or the leaves are not the signed ones, 2 on bad input.")
        {
            api, token, size, key, offset, pageSize,
        };
        command.SetAction((parse, _) => OperationsFiguresCommand.RunAsync(
            new FiguresInput(parse.GetRequiredValue(api), parse.GetRequiredValue(token), parse.GetResult(size) is null ? null : parse.GetValue(size), parse.GetValue(key),
                parse.GetValue(offset) is { } text ? ParseOffset(text) : null, parse.GetValue(pageSize)),
            terminal));
        return command;
    }

    private static TimeSpan ParseOffset(string text) =>
        TimeSpan.TryParse(text.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture, out var offset) && offset.Duration() <= TimeSpan.FromHours(14)
            ? (text.StartsWith('-') ? -offset.Duration() : offset)
            : throw new UsageError($"--utc-offset '{text}' is not an offset such as 08:00.");

    private static Option<string> VerifierKey(bool required) =>
        Text("--key", "VERIFIER_KEY|KEY_FILE", "The ledger's verifier key (name+hash+key), as text or in a file", required);

    /// <summary>When <paramref name="first"/> is given, <paramref name="second"/> must be too.</summary>
    private static void RequireTogether(CommandResult result, Option first, Option second)
    {
        if (result.IsGiven(first) && !result.IsGiven(second))
        {
            result.AddError($"{first.Name} needs {second.Name}.");
        }
    }

    private static void RequireAtMostOne(CommandResult result, Option first, Option second)
    {
        if (result.IsGiven(first) && result.IsGiven(second))
        {
            result.AddError($"Give {first.Name} or {second.Name}, not both.");
        }
    }

    private static void RequireExactlyOne(CommandResult result, Option first, Option second)
    {
        if (result.IsGiven(first) == result.IsGiven(second))
        {
            result.AddError($"Give either {first.Name} or {second.Name}.");
        }
    }

    private static void RequireCheckpointOrHead(CommandResult result, Option checkpoint, Option[] head)
    {
        var missing = head.Where(option => !result.IsGiven(option)).Select(option => option.Name).ToList();
        if (!result.IsGiven(checkpoint) && missing.Count > 0)
        {
            result.AddError($"Give --checkpoint with --key, or {string.Join(", ", missing)}.");
        }
    }

    private static int Fail(Terminal terminal, string message, RootCommand root)
    {
        terminal.Error.WriteLine(message);
        terminal.Error.WriteLine();
        terminal.Error.WriteLine("Usage:");
        foreach (var line in Synopsis(root, "ledger"))
        {
            terminal.Error.WriteLine(line);
        }

        terminal.Error.WriteLine();
        terminal.Error.WriteLine("Run 'ledger COMMAND --help' for a command's options.");
        return 2;
    }

    private static int Fail(Terminal terminal, string message)
    {
        terminal.Error.WriteLine(message);
        return 2;
    }
}
