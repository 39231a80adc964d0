using System.Security.Cryptography;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;

namespace Ledger.Cli;

internal sealed class UsageError(string message) : Exception(message);

internal static class LedgerCommand
{
    private const string Usage = """
        ledger dev-keys [--dir .data/auth]
            Create the development token-signing key pair if it is missing (token-signing.pem, token-signing.pub.pem).
        ledger token --agency CREDIT_CODE --officer ID --role ROLE [--role ROLE ...]
                     [--key .data/auth/token-signing.pem] [--issuer ledger-dev] [--audience ledger-api] [--hours 8]
            Print a bearer token for the local stack. Roles: admin, officer, portal.
        """;

    public static int Run(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "dev-keys" => DevKeys(Options.Parse(args[1..])),
                "token" => Token(Options.Parse(args[1..])),
                _ => Fail(Usage),
            };
        }
        catch (UsageError exception)
        {
            return Fail(exception.Message + Environment.NewLine + Usage);
        }
    }

    private static int DevKeys(Options options)
    {
        var folder = options.Single("dir") ?? Path.Combine(".data", "auth");
        var privatePath = Path.Combine(folder, "token-signing.pem");
        var publicPath = Path.Combine(folder, "token-signing.pub.pem");
        if (File.Exists(privatePath) && File.Exists(publicPath))
        {
            Console.WriteLine(publicPath);
            return 0;
        }

        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        Console.WriteLine(publicPath);
        return 0;
    }

    private static int Token(Options options)
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
        Console.WriteLine(AccessTokens.Mint(
            key, options.Single("issuer") ?? "ledger-dev", options.Single("audience") ?? "ledger-api",
            new Actor(agency, officer), roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(hours)));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private sealed class Options
    {
        private readonly List<(string Name, string Value)> _values = [];

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new UsageError($"Expected --name value pairs, got '{args[i]}'.");
                }

                options._values.Add((args[i][2..], args[i + 1]));
            }

            return options;
        }

        public string? Single(string name) => _values.LastOrDefault(value => string.Equals(value.Name, name, StringComparison.Ordinal)).Value;

        public List<string> All(string name) => [.. _values.Where(value => string.Equals(value.Name, name, StringComparison.Ordinal)).Select(value => value.Value)];
    }
}
