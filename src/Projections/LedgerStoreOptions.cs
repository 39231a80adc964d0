using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Domain;
using Ledger.Projections.Agencies;
using Ledger.Projections.Applications;
using Ledger.Projections.Matters;
using Marten;
using Weasel.Core;

namespace Ledger.Projections;

/// <summary>
/// The one place the event store's shape is declared: serialisation, event names, projections and their lifecycles.
/// The API host and the projection tests both build their store from it, so they cannot drift apart.
/// </summary>
public static class LedgerStoreOptions
{
    public const string Schema = "ledger";

    public static void Configure(StoreOptions options, string connectionString, string schema = Schema)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        // Rich appends give inline projections each event's real version and sequence (Quick leaves them 0 for
        // appends without an expected version); read models hand the version back to callers as the one to expect.
        options.Events.AppendMode = EventAppendMode.Rich;

        foreach (var (type, name) in EventCatalogue.Names)
        {
            options.Events.MapEventType(type, name);
        }

        options.Projections.Add<AgencyStream>(ProjectionLifecycle.Live);
        options.Projections.Add<AgencyProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MatterStream>(ProjectionLifecycle.Live);
        options.Projections.Add<MatterCatalogueProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ApplicationStream>(ProjectionLifecycle.Live);
        options.Projections.Add<ApplicationStatusProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MatterSubmissionsProjection>(ProjectionLifecycle.Async);
    }
}
