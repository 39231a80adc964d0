using JasperFx.Events;
using Ledger.Domain.Matters;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Matters;

/// <summary>One matter of the catalogue (事项) at its current revision.</summary>
public sealed record MatterCatalogueEntry(Guid Id, string Code, int Revision, MatterDefinition Definition, DateTimeOffset RevisedAt)
{
    public long Version { get; init; }
}

public sealed class MatterCatalogueProjection : SingleStreamProjection<MatterCatalogueEntry, Guid>
{
    public static MatterCatalogueEntry Create(IEvent<MatterPublished> published) =>
        new(published.StreamId, published.Data.Code, published.Data.Revision, published.Data.Definition, published.Data.At);

    public static MatterCatalogueEntry Apply(MatterRevised revised, MatterCatalogueEntry entry) =>
        entry with { Revision = revised.Revision, Definition = revised.Definition, RevisedAt = revised.At };
}
