using Ledger.Integrity.Checkpoints;

namespace Ledger.Api.Log;

public static class LogServices
{
    public static IServiceCollection AddLedgerLog(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.Configure<LogOptions>(configuration.GetSection(LogOptions.Section));
        services.Configure<CheckpointOptions>(configuration.GetSection(CheckpointOptions.Section));
        var options = configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        services.AddSingleton(new LedgerLog(connectionString));
        var key = new CheckpointKey(new CheckpointSigner(options.Origin, options.ReadCheckpointKey()));
        services.AddSingleton(key);
        services.AddSingleton(new Audit.AuditTrust(key.Signer.Name, key.Signer.VerifierKey));
        services.AddSingleton<CheckpointWriter>();
        services.AddHostedService<LogAppender>();
        services.AddHostedService<CheckpointScheduler>();
        services.AddSingleton<Audit.AuditQueue>();
        services.AddScoped<Audit.IntegrityAudit>();
        services.AddHostedService<Audit.AuditWorker>();
        return services;
    }
}
