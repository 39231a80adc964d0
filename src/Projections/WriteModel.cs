using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Ledger.Projections;

/// <summary>
/// How Marten folds a stream into the write model its deciders use (FetchForWriting, [AggregateHandler]): with the
/// aggregate's own pure Evolve function from Domain. Domain stays free of Marten, and since the fold is explicit code,
/// it needs no source-generated Create/Apply dispatcher in Domain.
/// </summary>
public sealed class WriteModel<TState>(Func<TState?, object, TState?> evolve) : SingleStreamProjection<TState, Guid>
    where TState : class
{
    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) => evolve(snapshot, e.Data);
}
