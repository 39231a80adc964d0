using Npgsql;

namespace Ledger.Api.Tests.Privacy;

/// <summary>What the vault holds of one subject, read behind the API: the subject's row and its sealed values.</summary>
public static class VaultRows
{
    public static async Task<long> VaultRowsOf(this ApiFixture fixture, Guid subject)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (select count(*) from ledger.vault_values where subject_id = $1) + (select count(*) from ledger.vault_subjects where subject_id = $1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = subject } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
