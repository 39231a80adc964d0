using System.Security.Cryptography;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Privacy;

namespace Ledger.Cli;

internal static class LedgerCommand
{
    private const string Usage = """
        ledger dev-keys [--dir .data/auth]
            Create the development keys that are missing: the token-signing pair (token-signing.pem, token-signing.pub.pem),
            the Ed25519 checkpoint-signing key (checkpoint-signing.pem) and the personal data vault's key-encryption key
            (privacy-kek.key: 32 random bytes as base64, for Privacy:KeyEncryptionKeyFile).
        ledger token --agency CREDIT_CODE --officer ID --role ROLE [--role ROLE ...]
                     [--key .data/auth/token-signing.pem] [--issuer ledger-dev] [--audience ledger-api] [--hours 8]
            Print a bearer token for the local stack. Roles: admin, officer, portal, auditor, privacy-officer.

        Auditing (exit 0 verified, 1 not verified with the reason, 2 bad input; nothing but the inputs is trusted):
        ledger merkle root [FILE]
            The RFC 9162 tree head of leaf hashes (hex, one per line) from FILE or standard input.
        ledger verify checkpoint NOTE_FILE --key VERIFIER_KEY|KEY_FILE
            Check a signed checkpoint (C2SP signed note, or the API's checkpoint JSON) against the ledger's key.
        ledger verify inclusion [--proof PROOF.json] [--index I] [--leaf LEAF_FILE | --leaf-hash HEX]
                                [--size N --root HEX | --checkpoint NOTE_FILE --key KEY] [--path HEX ...]
            Check that a leaf is in a tree. LEAF_FILE is the canonical bytes or the API's leaf JSON.
        ledger verify consistency [--proof PROOF.json] [--from M --to N --from-root HEX --to-root HEX] [--path HEX ...]
            Check that the tree of M leaves is a prefix of the tree of N leaves.
        ledger verify anchor --rpc URL --contract ADDRESS (--checkpoint NOTE_FILE --key KEY | --origin ORIGIN --size N --root HEX)
            Check that the contract on the chain holds the checkpoint's root for its size.
        ledger chain deploy --rpc URL (--key-file FILE | --key-env VARIABLE) [--anchorer ADDRESS ...]
            Deploy the LedgerAnchor contract (the key's account is its admin) and allow the anchoring accounts
            (the admin itself when none is given). Prints the contract's address.
        ledger verify certificate DOCUMENT.json --bundle BUNDLE.json --rpc URL [--contract ADDRESS] [--key VERIFIER_KEY]
            Check the certificate document its holder keeps ({content, contentHash, seal}) against its proof bundle
            (GET /api/certificates/{id}/proof-bundle, ledger.proof-bundle.v2) and the chain alone. Without --contract
            the bundle's anchor contract is used, and without --key the bundle's verifier key: pin both.
        ledger audit --connection CONNECTION_STRING --key VERIFIER_KEY [--rpc URL --contract ADDRESS] [--json REPORT.json]
            The full integrity audit against the database: every leaf recomputed from the stored events, the tree rebuilt
            and compared with the stored log, every signed checkpoint, every root anchored on chain, and every read model.
        ledger audit --api URL --token TOKEN [--key VERIFIER_KEY|KEY_FILE] [--rpc URL --contract ADDRESS] [--page-size 1000]
            The same audit of the log without the database, from what the proof API serves to an auditor or admin token:
            every leaf hash recomputed from its canonical bytes, the tree's root at every signed checkpoint (verified with
            the key: pin it, else the API's published one is used), and every anchored root read from the chain.
        """;

    public static int Run(string[] args) => Run(args, Terminal.Console);

    public static int Run(string[] args, Terminal terminal)
    {
        try
        {
            return (args.FirstOrDefault(), args.ElementAtOrDefault(1)) switch
            {
                ("dev-keys", _) => DevKeys(Options.Parse(args[1..]), terminal),
                ("token", _) => Token(Options.Parse(args[1..]), terminal),
                ("merkle", "root") => MerkleCommands.Root(Options.Parse(args[2..]), terminal),
                ("verify", "checkpoint") => VerifyCommands.Checkpoint(Options.Parse(args[2..]), terminal),
                ("verify", "inclusion") => VerifyCommands.Inclusion(Options.Parse(args[2..]), terminal),
                ("verify", "consistency") => VerifyCommands.Consistency(Options.Parse(args[2..]), terminal),
                ("verify", "anchor") => ChainCommands.VerifyAnchorAsync(Options.Parse(args[2..]), terminal).GetAwaiter().GetResult(),
                ("chain", "deploy") => ChainCommands.DeployAsync(Options.Parse(args[2..]), terminal).GetAwaiter().GetResult(),
                ("verify", "certificate") => CertificateBundleCommand.RunAsync(Options.Parse(args[2..]), terminal).GetAwaiter().GetResult(),
                ("audit", _) => AuditCommand.RunAsync(Options.Parse(args[1..]), terminal).GetAwaiter().GetResult(),
                _ => Fail(terminal, Usage),
            };
        }
        catch (UsageError exception)
        {
            return Fail(terminal, exception.Message + Environment.NewLine + Environment.NewLine + Usage);
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

    private static int DevKeys(Options options, Terminal terminal)
    {
        var folder = options.Single("dir") ?? Path.Combine(".data", "auth");
        Directory.CreateDirectory(folder);
        var tokenKey = Path.Combine(folder, "token-signing.pem");
        var tokenPublicKey = Path.Combine(folder, "token-signing.pub.pem");
        if (!File.Exists(tokenKey) || !File.Exists(tokenPublicKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            WritePrivate(tokenKey, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(tokenPublicKey, key.ExportSubjectPublicKeyInfoPem());
        }

        var checkpointKey = Path.Combine(folder, "checkpoint-signing.pem");
        if (!File.Exists(checkpointKey))
        {
            WritePrivate(checkpointKey, NoteKeys.GeneratePem());
        }

        var vaultKey = Path.Combine(folder, "privacy-kek.key");
        if (!File.Exists(vaultKey))
        {
            WritePrivate(vaultKey, VaultKeys.Generate());
        }

        terminal.Out.WriteLine(tokenPublicKey);
        terminal.Out.WriteLine(checkpointKey);
        terminal.Out.WriteLine(vaultKey);
        return 0;
    }

    /// <summary>A private key's file, readable and writable by its owner alone (600) from the moment it exists.</summary>
    private static void WritePrivate(string path, string text)
    {
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), file))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static int Token(Options options, Terminal terminal)
    {
        var agency = options.Single("agency") ?? throw new UsageError("--agency is required.");
        var officer = options.Single("officer") ?? throw new UsageError("--officer is required.");
        var roles = options.All("role");
        if (roles.Count == 0)
        {
            throw new UsageError("At least one --role is required.");
        }

        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(options.Single("key") ?? Path.Combine(".data", "auth", "token-signing.pem")));
        var hours = double.Parse(options.Single("hours") ?? "8", System.Globalization.CultureInfo.InvariantCulture);
        terminal.Out.WriteLine(DevelopmentTokens.Mint(
            key, options.Single("issuer") ?? "ledger-dev", options.Single("audience") ?? "ledger-api",
            new Actor(agency, officer), roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(hours)));
        return 0;
    }

    private static int Fail(Terminal terminal, string message)
    {
        terminal.Error.WriteLine(message);
        return 2;
    }
}
