using Ledger.Integrity.Privacy;
using Npgsql;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>
/// A vault in a schema of its own on the test server (LEDGER_TEST_POSTGRES, as Ledger.Testing.TestEnvironment reads it;
/// this project does not reference that one), so tests never meet. The schema is dropped afterwards.
/// </summary>
public abstract class VaultDatabase : IAsyncLifetime
{
    private const string DatabaseName = "ledger_vault_tests";

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected string Schema { get; } = "vault_test_" + Guid.NewGuid().ToString("N")[..12];

    protected VaultKeys Keys { get; } = VaultKeys.FromConfiguration(null, VaultKeys.Generate());

    protected PersonalDataVault Vault { get; private set; } = null!;

    private static string Server =>
        Environment.GetEnvironmentVariable("LEDGER_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=ledger;Password=ledger";

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await DatabaseAsync());
        Vault = new PersonalDataVault(DataSource, Keys, Schema);
        await Vault.EnsureAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await using (var drop = DataSource.CreateCommand($"drop schema if exists {Schema} cascade"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await DataSource.DisposeAsync();
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own and commits it, as a command handler's session would.</summary>
    protected async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(connection);
        await transaction.CommitAsync();
        return result;
    }

    protected Task InTransactionAsync(Func<NpgsqlConnection, Task> work) =>
        InTransactionAsync(async connection =>
        {
            await work(connection);
            return true;
        });

    protected async Task<long> CountAsync(string sql, Guid subject)
    {
        await using var command = DataSource.CreateCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal));
        command.Parameters.Add(new NpgsqlParameter { Value = subject });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> DatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = DatabaseName } } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"create database \"{DatabaseName}\"", connection);
                try
                {
                    await create.ExecuteNonQueryAsync();
                }
                catch (PostgresException exception) when (string.Equals(exception.SqlState, PostgresErrorCodes.DuplicateDatabase, StringComparison.Ordinal))
                {
                    // Another test created it first.
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(Server) { Database = DatabaseName }.ConnectionString;
    }
}
