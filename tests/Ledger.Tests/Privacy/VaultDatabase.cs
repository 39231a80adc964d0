using Ledger.Integrity.Privacy;
using Ledger.Testing;
using Npgsql;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>
/// A vault in a schema of its own on the test server (<see cref="TestEnvironment"/>), so tests never meet. The schema is
/// dropped afterwards.
/// </summary>
public abstract class VaultDatabase : IAsyncLifetime
{
    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    protected string Schema { get; } = "vault_test_" + Guid.NewGuid().ToString("N")[..12];

    protected VaultKeys Keys { get; } = VaultKeys.FromConfiguration(null, VaultKeys.Generate());

    protected PersonalDataVault Vault { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await TestEnvironment.DatabaseAsync("ledger_vault_tests"));
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
}
