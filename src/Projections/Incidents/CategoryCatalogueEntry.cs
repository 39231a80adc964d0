using JasperFx.Events;
using Ledger.Domain.Incidents;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Incidents;

/// <summary>One category of city problem in the published catalogue, at its current revision.</summary>
public sealed record CategoryCatalogueEntry(Guid Id, string Code, int Revision, CategoryDefinition Definition, DateTimeOffset RevisedAt)
{
    public long Version { get; init; }
}

public sealed class CategoryCatalogueProjection : SingleStreamProjection<CategoryCatalogueEntry, Guid>
{
    public static CategoryCatalogueEntry Create(IEvent<CategoryPublished> published) =>
        new(published.StreamId, published.Data.Code, published.Data.Revision, published.Data.Definition, published.Data.At);

    public static CategoryCatalogueEntry Apply(CategoryRevised revised, CategoryCatalogueEntry entry) =>
        entry with { Revision = revised.Revision, Definition = revised.Definition, RevisedAt = revised.At };
}
