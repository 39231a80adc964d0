using Npgsql;

namespace Ledger.Testing;

/// <summary>
/// Where the real PostgreSQL and chain node of a test run are. ./test.sh starts throwaway ones and exports
/// LEDGER_TEST_POSTGRES and LEDGER_TEST_RPC_URL; without them, tests use the ./run.sh stack's defaults.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5433;Username=ledger;Password=ledger";

    /// <summary>
    /// The vault's key-encryption key (base64) for test hosts. ./test.sh makes a new one for each run's throwaway database;
    /// against the ./run.sh stack's server, tests share this fixed one (their databases are their own, never the stack's).
    /// </summary>
    public static string PrivacyKey =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_PRIVACY_KEY") ?? "dGVzdHMtb25seS1rZXktZW5jcnlwdGlvbi1rZXktMzI=";

    public static string ChainRpcUrl =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_RPC_URL") ?? "http://127.0.0.1:8545";

    /// <summary>A database of this name on the test server, created if missing. Each test project uses its own, so they can run side by side.</summary>
    /// <param name="fresh">Drop the database first, for a test that must start from an empty ledger on every run.</param>
    public static async Task<string> DatabaseAsync(string name, bool fresh = false)
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            if (fresh)
            {
                await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
                await drop.ExecuteNonQueryAsync();
            }

            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = name } } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
                try
                {
                    await create.ExecuteNonQueryAsync();
                }
                catch (PostgresException exception) when (string.Equals(exception.SqlState, PostgresErrorCodes.DuplicateDatabase, StringComparison.Ordinal))
                {
                    // Another test process created it first.
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
    }
}
