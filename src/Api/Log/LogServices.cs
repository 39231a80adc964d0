using Ledger.Integrity.Checkpoints;
using Wolverine;

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
        services.AddSingleton(new Ledger.Integrity.Audit.AuditTrust(key.Signer.Name, key.Signer.VerifierKey));
        services.AddSingleton<CheckpointWriter>();
        services.AddHostedService<LogSchemaSetup>();
        services.AddSingularAgent<LogAppender>();
        services.AddSingularAgent<CheckpointScheduler>();
        services.Configure<AnchoringOptions>(configuration.GetSection(AnchoringOptions.Section));
        var anchoring = configuration.GetSection(AnchoringOptions.Section).Get<AnchoringOptions>() ?? new AnchoringOptions();
        if (anchoring.Enabled)
        {
            var rpcUrl = anchoring.RpcUrl ?? configuration["Chain:RpcUrl"] ?? throw new InvalidOperationException("Ledger:Anchoring:RpcUrl or Chain:RpcUrl is required to anchor.");
            services.AddSingleton<Integrity.Anchoring.IAnchorChain>(new ConfiguredAnchorChain(anchoring, rpcUrl));
            services.AddSingleton<AnchoringAgent>();
            services.AddSingularAgent<AnchoringScheduler>();
        }

        services.AddScoped<Ledger.Integrity.Audit.IntegrityAudit>();
        return services;
    }
}
