using System.Security.Cryptography;
using Ledger.Domain.Identity;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Privacy;

namespace Ledger.Cli;

/// <summary>What `ledger token` was given: who the token is for, its roles, and the key, issuer, audience and lifetime.</summary>
internal sealed record TokenInput(string Agency, string Officer, List<string> Roles, string Key, string Issuer, string Audience, double Hours);

/// <summary>`ledger dev-keys` and `ledger token`: the keys and bearer tokens of a local stack.</summary>
internal static class DevelopmentCommands
{
    public static int DevKeys(string folder, Terminal terminal)
    {
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

    public static int Token(TokenInput input, Terminal terminal)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(input.Key));
        terminal.Out.WriteLine(DevelopmentTokens.Mint(
            key, input.Issuer, input.Audience, new Actor(input.Agency, input.Officer), input.Roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(input.Hours)));
        return 0;
    }
}
