using Ledger.Integrity.Anchoring;
using Ledger.Integrity.Audit;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Log;
using Ledger.Integrity.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Ledger.Integrity.Hosting;

/// <summary>The integrity engine in a host: the log, checkpoints, anchoring and audits, each run by Wolverine.</summary>
public static class IntegrityHosting
{
    public static IServiceCollection AddLedgerIntegrity(this IServiceCollection services, IConfiguration configuration, string connectionString, string schema)
    {
        services.Configure<LogOptions>(configuration.GetSection(LogOptions.Section));
        services.Configure<CheckpointOptions>(configuration.GetSection(CheckpointOptions.Section));
        var options = configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        services.AddSingleton(new LedgerLog(connectionString, schema));
        var key = new CheckpointKey(new CheckpointSigner(options.Origin, options.ReadCheckpointKey()));
        services.AddSingleton(key);
        services.AddSingleton(new AuditTrust(key.Signer.Name, key.Signer.VerifierKey));
        services.AddSingleton<CheckpointWriter>();
        services.AddHostedService<LogSchemaSetup>();
        services.AddSingularAgent<LogAppender>();
        services.AddSingularAgent<CheckpointScheduler>();
        services.Configure<AnchoringOptions>(configuration.GetSection(AnchoringOptions.Section));
        var anchoring = configuration.GetSection(AnchoringOptions.Section).Get<AnchoringOptions>() ?? new AnchoringOptions();
        if (anchoring.Enabled)
        {
            var rpcUrl = anchoring.RpcUrl ?? configuration["Chain:RpcUrl"] ?? throw new InvalidOperationException("Ledger:Anchoring:RpcUrl or Chain:RpcUrl is required to anchor.");
            services.AddSingleton<IAnchorChain>(new ConfiguredAnchorChain(anchoring, rpcUrl));
            services.AddSingleton<AnchoringAgent>();
            services.AddSingularAgent<AnchoringScheduler>();
        }

        services.AddScoped<IntegrityAudit>();
        return services;
    }

    /// <summary>Wolverine finds the engine's handlers, and runs audits one at a time from their durable queue.</summary>
    public static WolverineOptions UseLedgerIntegrity(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(IntegrityHosting).Assembly);
        options.LocalQueue(RunAuditHandler.Queue).Sequential();
        options.PublishMessage<RunAudit>().ToLocalQueue(RunAuditHandler.Queue);
        return options;
    }
}
