using Ledger.Integrity.Privacy;
using Npgsql;

namespace Ledger.Api.Privacy;

public static class VaultServices
{
    /// <summary>
    /// The vault and its keys. A missing or malformed key-encryption key stops the host here; one that is not the key the
    /// vault was created with stops it when <see cref="VaultStartup"/> opens the vault, before any request is served.
    /// </summary>
    public static IServiceCollection AddPersonalDataVault(this IServiceCollection services, IConfiguration configuration, string connectionString, string schema)
    {
        var keys = VaultKeys.FromConfiguration(configuration["Privacy:KeyEncryptionKeyFile"], configuration["Privacy:KeyEncryptionKey"]);
        services.AddSingleton(keys);
        services.AddSingleton(_ => new PersonalDataVault(NpgsqlDataSource.Create(connectionString), keys, schema));
        services.AddSingleton<PersonalData>();
        services.AddHostedService<VaultStartup>();
        return services;
    }
}

/// <summary>Creates the vault's tables and checks the key-encryption key against the vault's key check, at start-up.</summary>
public sealed class VaultStartup(PersonalDataVault vault) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => vault.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
