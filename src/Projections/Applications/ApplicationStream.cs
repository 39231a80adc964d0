using JasperFx.Events;
using Ledger.Domain.Applications;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Applications;

/// <summary>
/// How Marten folds an application stream into the write model the deciders use (FetchForWriting, [AggregateHandler]).
/// The fold itself is Domain's pure <see cref="Application.Evolve"/>; Domain stays free of Marten, and since this
/// override is explicit code, it needs no source-generated dispatcher in Domain.
/// </summary>
public sealed class ApplicationStream : SingleStreamProjection<Application, Guid>
{
    public override Application? Evolve(Application? snapshot, Guid id, IEvent e) => Application.Evolve(snapshot, e.Data);
}
