using JasperFx.Events;
using Ledger.Domain.Matters;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Matters;

/// <summary>Folds a matter stream into the write model its deciders use, with Domain's pure <see cref="Matter.Evolve"/>.</summary>
public sealed class MatterStream : SingleStreamProjection<Matter, Guid>
{
    public override Matter? Evolve(Matter? snapshot, Guid id, IEvent e) => Matter.Evolve(snapshot, e.Data);
}
