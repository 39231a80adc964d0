using Ledger.Api.Matters;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Api.Calendar;
using Ledger.Api.Incidents;
using Ledger.Api.Certificates;
using Ledger.Api.Health;
using Ledger.Api.Operations;
using Ledger.Api.Open311;
using Ledger.Api.Privacy;
using Ledger.Api.Verification;
using Ledger.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Hosting;

public enum ProjectionDaemonMode
{
    /// <summary>This node runs every async projection itself: the right choice for a single node.</summary>
    Solo,

    /// <summary>Several nodes; one holds Marten's advisory lock and runs every async projection, another takes over when it stops.</summary>
    HotCold,

    /// <summary>Wolverine spreads async projections over the running nodes, each on exactly one node.</summary>
    WolverineManaged,
}

public static class LedgerServices
{
    /// <summary>How deeply a request's JSON may nest; no request of this API needs more than a handful of levels.</summary>
    public const int MaxJsonDepth = 32;

    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        var connectionString = ApiConnection(builder.Configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException("ConnectionStrings:Ledger is not configured."));
        var daemonMode = builder.Configuration.GetValue("Projections:DaemonMode", ProjectionDaemonMode.Solo);
        var schema = builder.Configuration["Ledger:Schema"] ?? LedgerStoreOptions.Schema;

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWorkingCalendar(builder.Configuration);
        builder.Services.AddCaseRules(builder.Configuration);
        builder.Services.Configure<RequestLimitOptions>(builder.Configuration.GetSection(RequestLimitOptions.Section));
        builder.Services.AddIdempotency(builder.Configuration);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddPersonalDataVault(builder.Configuration, WithPoolOf(connectionString, 20), schema);
        builder.Services.ConfigureHttpJsonOptions(json => ReadJsonStrictly(json.SerializerOptions));
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => Problem.EnsureCode(context.ProblemDetails));
        builder.Services.AddExceptionHandler<Open311ExceptionHandler>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddValidatorsFromAssemblyContaining<ProblemExceptionHandler>(ServiceLifetime.Singleton, includeInternalTypes: true);
        builder.Services.AddLedgerHealth();
        builder.Services.AddLedgerAuthentication(builder.Configuration);
        builder.Services.AddLedgerCrossOrigin(builder.Configuration);
        builder.Services.AddLedgerOpenApi();
        builder.Services.AddOpen311Contract();

        AddLedgerStore(builder.Services, connectionString, schema, daemonMode);
        builder.Host.UseWolverine(options => ConfigureWolverine(options, daemonMode));
        builder.Services.AddWolverineHttp();

        // After Marten's own start-up work, so these find the event store's tables.
        builder.Services.AddHostedService(_ => new StreamsInForce.Procedure(connectionString, schema));
        builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection(GroupCommitOptions.Section));
        builder.Services.AddSingleton(services => new GroupCommit(
            services.GetRequiredService<Wolverine.Marten.Publishing.OutboxedSessionFactory>(), services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GroupCommitOptions>>(), schema,
            services.GetRequiredService<ILogger<GroupCommit>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<GroupCommit>());
        builder.Services.AddLedgerIntegrity(builder.Configuration, WithPoolOf(connectionString, 30), schema);
        builder.Services.AddVerification();
        builder.Services.AddSingleton<Ledger.Api.Log.ProofCache>();
        builder.Services.AddLedgerRateLimits(builder.Configuration);
        builder.Services.AddOperationsOverview(builder.Configuration);
        return builder;
    }

    /// <summary>Marten on the ledger's schema, with the session listeners every command relies on, integrated with Wolverine.</summary>
    private static void AddLedgerStore(IServiceCollection services, string connectionString, string schema, ProjectionDaemonMode daemonMode)
    {
        var inForce = new StreamsInForce(schema);
        services.AddSingleton(inForce);
        var recent = new Ledger.Api.Log.RecentAnswers();
        services.AddSingleton(recent);
        var marten = services
            .AddMarten(options =>
            {
                LedgerStoreOptions.Configure(options, connectionString, schema);
                options.Schema.For<IdempotencyRecord>().Index(record => record.ExpiresAt);
                options.Storage.ExtendedSchemaObjects.Add(IdempotencyClaims.Schema(schema));
                options.Listeners.Add(new IdempotencyClaims(schema));
                options.Listeners.Add(new CommittedDocuments());
                options.Listeners.Add(inForce);
                options.Listeners.Add(recent);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        if (daemonMode == ProjectionDaemonMode.WolverineManaged)
        {
            marten.IntegrateWithWolverine(integration => integration.UseWolverineManagedEventSubscriptionDistribution = true);
        }
        else
        {
            marten.IntegrateWithWolverine().AddAsyncDaemon(daemonMode == ProjectionDaemonMode.HotCold ? DaemonMode.HotCold : DaemonMode.Solo);
        }

    }

    /// <summary>
    /// How the API's own connections are set up, unless the connection string says otherwise:
    /// <list type="bullet">
    /// <item>Every command sends the same few statements; Npgsql prepares a statement on its second use, so PostgreSQL
    /// parses and plans it once per connection instead of on every request.</item>
    /// <item>At most 8 connections per core (at least 16, at most 100): past a few transactions per core PostgreSQL does
    /// less, not more (measured on 2 cores: 429 submissions a second offered to a pool of 100 queued for a second
    /// each, to a pool of 16 they took 4 ms), so requests beyond it wait for a connection in the API instead.</item>
    /// </list>
    /// </summary>
    public static string ApiConnection(string connectionString)
    {
        var given = connectionString.Replace(" ", "", StringComparison.Ordinal);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("PoolSize", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxPoolSize = Math.Clamp(8 * Environment.ProcessorCount, 16, 100);
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// The log's and the vault's own connection pools are smaller than Marten's: a burst of proof requests that miss the
    /// kept nodes waits for one of 30 connections instead of opening connections until PostgreSQL refuses more.
    /// </summary>
    private static string WithPoolOf(string connectionString, int connections)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        settings.MaxPoolSize = Math.Min(settings.MaxPoolSize, connections);
        return settings.ConnectionString;
    }

    private static void ConfigureWolverine(WolverineOptions options, ProjectionDaemonMode daemonMode)
    {
        options.UseRuntimeCompilation();
        if (daemonMode == ProjectionDaemonMode.Solo)
        {
            // One node: it runs every agent itself from the start, so a node restarted after a crash resumes the log,
            // checkpoints and anchoring at once instead of waiting for its dead predecessor's heartbeat to go stale.
            options.Durability.Mode = DurabilityMode.Solo;
        }

        options.Policies.AutoApplyTransactions();
        options.Policies.UseDurableLocalQueues();
        options.UseLedgerIntegrity();
    }

    /// <summary>How every request's JSON is read (its text is normalised before, by <see cref="NormalisedRequestText"/>).</summary>
    private static void ReadJsonStrictly(System.Text.Json.JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter());
        json.MaxDepth = MaxJsonDepth;
        // A property the request does not have is refused (400 unknown-field), never silently dropped: a misspelt
        // "expectedVersion" must not turn into a command without one.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static WebApplication MapLedger(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<NormalisedRequestText>();
        // The web pages (/audit, /verify) are static files under wwwroot; /audit redirects to /audit/ and serves its index.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<IdempotentCommands>();
        app.MapLedgerOpenApi();
        app.MapLedgerHealth();
        app.MapWolverineEndpoints(http =>
        {
            http.AddPolicy<RequestValidationPolicy>();
            http.AddPolicy<StreamCommandResponses>();
            // Every endpoint needs a token unless it says [AllowAnonymous]; public reads say so.
            http.RequireAuthorizeOnAll();
            // A query value that does not parse ("?overdue=perhaps") is 400, never silently the parameter's default.
            http.RejectUnparseableQueryValues = true;
        });
        return app;
    }
}
