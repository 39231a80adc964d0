using JasperFx.Events;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Certificates;
using Ledger.Domain.Incidents;
using Ledger.Domain.Matters;
using JasperFx.Events.Projections;
using Ledger.Domain;
using Ledger.Projections.Agencies;
using Ledger.Projections.Applications;
using Ledger.Projections.Bundles;
using Ledger.Projections.Certificates;
using Ledger.Projections.Incidents;
using Ledger.Projections.Log;
using Ledger.Projections.Matters;
using Ledger.Projections.Operations;
using Ledger.Projections.Privacy;
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

        options.Projections.Add(new WriteModel<Agency>(Agency.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<AgencyProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new WriteModel<Matter>(Matter.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<MatterCatalogueProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new WriteModel<Application>(Application.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<ApplicationStatusProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new WriteModel<Bundle>(Bundle.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<BundleStatusProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new WriteModel<Certificate>(Certificate.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<CertificateRegistryProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CertificateRecord>()
            .UniqueIndex(record => record.Identifier)
            .Index(record => record.ContentHash)
            .Index(record => record.HolderSubject);
        options.Projections.Add<SubjectPrivacyProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DisclosureLogProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<DisclosureEntry>().Index(entry => entry.SubjectId).Index(entry => entry.Agency).Index(entry => entry.Record);
        options.Projections.Add<CheckpointRecordProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CheckpointRecord>().Index(record => record.TreeSize);
        options.Projections.Add<MatterSubmissionsProjection>(ProjectionLifecycle.Async);

        options.Projections.Add(new WriteModel<Category>(Category.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<CategoryCatalogueProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CategoryCatalogueEntry>().UniqueIndex(entry => entry.Code);
        options.Projections.Add(new WriteModel<Case>(Case.Evolve), ProjectionLifecycle.Live);
        options.Projections.Add<CaseStatusProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<CaseStatus>().Index(status => status.Department).Index(status => status.Stage).Index(status => status.District);
        options.Schema.For<OperationsOverviewSnapshot>().Identity(snapshot => snapshot.LogSize).Index(snapshot => snapshot.CheckpointTimestamp);
    }
}
