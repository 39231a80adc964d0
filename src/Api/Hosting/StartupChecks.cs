using System.Globalization;
using System.Security.Cryptography;
using Ledger.Api.Identity;
using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Log;
using Ledger.Integrity.Privacy;
using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// What the API needs before it serves anything, checked before it starts: its database reachable, its keys present and
/// readable (token verification, checkpoint signing, the vault's key-encryption key), the chain it anchors on the one
/// configured, and its limits numbers. Each problem is one line that names the setting; none is a stack trace.
/// </summary>
public static class StartupChecks
{
    private static readonly string[] PositiveNumbers =
    [
        "RateLimits:WritesPerMinute", "Verification:PermitsPerMinute", "Idempotency:RetainHours", "Idempotency:WaitSeconds",
        "Limits:MaxBodyKilobytes", "Auth:MaxLifetimeHours", "Ledger:Checkpoints:IntervalSeconds",
    ];

    public static async Task<IReadOnlyList<string>> ProblemsAsync(IConfiguration configuration, CancellationToken cancellation = default)
    {
        var problems = new List<string>();
        void Check(string what, Action check)
        {
            try
            {
                check();
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException
                or CryptographicException or ArgumentException or FormatException)
            {
                problems.Add($"{what}: {exception.Message}");
            }
        }

        Check("token verification", () => LedgerAuthentication.VerificationKeys(configuration));
        Check("token verification", () => _ = configuration["Auth:Issuer"] ?? throw new InvalidOperationException("Auth:Issuer is not configured."));
        Check("checkpoint signing key", () =>
        {
            var log = configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
            using var signer = new CheckpointSigner(log.Origin, log.ReadCheckpointKey());
        });
        Check("personal data vault", () => VaultKeys.FromConfiguration(configuration["Privacy:KeyEncryptionKeyFile"], configuration["Privacy:KeyEncryptionKey"]));
        foreach (var setting in PositiveNumbers.Where(setting => configuration[setting] is not null))
        {
            Check("limits", () => _ = double.TryParse(configuration[setting], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new InvalidOperationException($"{setting} is '{configuration[setting]}', but must be a number above zero."));
        }

        problems.AddRange(CrossOrigin.Problems(configuration).Select(problem => "cross-origin calls: " + problem));
        if (await DatabaseProblemAsync(configuration.GetConnectionString("Ledger"), cancellation) is { } database)
        {
            problems.Add("database: " + database);
        }

        problems.AddRange((await ChainProblemsAsync(configuration, cancellation)).Select(problem => "chain: " + problem));
        return problems;
    }

    private static async Task<string?> DatabaseProblemAsync(string? connectionString, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "ConnectionStrings:Ledger is not configured.";
        }

        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
        }
        catch (ArgumentException malformed)
        {
            return $"ConnectionStrings:Ledger cannot be read: {malformed.Message}";
        }

        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellation);
            return null;
        }
        catch (Exception unreachable) when (unreachable is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"PostgreSQL at {settings.Host}:{settings.Port} (database {settings.Database}, user {settings.Username}) cannot be reached: {unreachable.Message} "
                + "Start it, or correct ConnectionStrings:Ledger.";
        }
    }

    /// <summary>
    /// With anchoring on: a contract address, a key or a signer account, and, when the node answers, the chain id it
    /// was told to expect. A node that does not answer yet is not a problem: anchoring waits for it and retries.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ChainProblemsAsync(IConfiguration configuration, CancellationToken cancellation)
    {
        var anchoring = configuration.GetSection(AnchoringOptions.Section).Get<AnchoringOptions>() ?? new AnchoringOptions();
        if (!anchoring.Enabled)
        {
            return [];
        }

        var problems = new List<string>();
        var rpcUrl = anchoring.RpcUrl ?? configuration["Chain:RpcUrl"];
        if (!Uri.TryCreate(rpcUrl, UriKind.Absolute, out var rpc) || rpc.Scheme is not ("http" or "https"))
        {
            problems.Add($"Ledger:Anchoring:RpcUrl or Chain:RpcUrl must be the node's http(s) URL, not '{rpcUrl}'.");
        }

        if (anchoring.Contract is not { Length: 42 } contract || !contract.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !contract[2..].All(char.IsAsciiHexDigit))
        {
            problems.Add($"Ledger:Anchoring:Contract must be the LedgerAnchor contract's address (0x and 40 hex digits), not '{anchoring.Contract}'.");
        }

        try
        {
            if (anchoring.ReadPrivateKey() is null && string.IsNullOrWhiteSpace(anchoring.SignerAccount))
            {
                problems.Add("Anchoring needs Ledger:Anchoring:PrivateKeyFile (or PrivateKey, PrivateKeyEnvironmentVariable) or a SignerAccount that the node signs for.");
            }
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            problems.Add($"Ledger:Anchoring:PrivateKeyFile cannot be read: {unreadable.Message}");
        }

        if (anchoring.ChainId is not { } expected)
        {
            problems.Add("Ledger:Anchoring:ChainId is not configured: set the id of the chain the anchors must go to, so that they never go to another.");
        }
        else if (rpc is not null && await ChainIdAsync(rpc, cancellation) is { } actual && actual != expected)
        {
            problems.Add($"the node at {rpc} is chain {actual}, but Ledger:Anchoring:ChainId is {expected}: the anchors would go to the wrong chain.");
        }

        return problems;
    }

    private static async Task<long?> ChainIdAsync(Uri rpc, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await LedgerAnchorContract.ChainIdAsync(rpc, timeout.Token);
        }
        catch (Exception unreachable) when (unreachable is not OutOfMemoryException)
        {
            return null;
        }
    }
}
