using JasperFx.Events;
using Ledger.Domain.Agencies;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Agencies;

/// <summary>Folds an agency stream into the write model its deciders use, with Domain's pure <see cref="Agency.Evolve"/>.</summary>
public sealed class AgencyStream : SingleStreamProjection<Agency, Guid>
{
    public override Agency? Evolve(Agency? snapshot, Guid id, IEvent e) => Agency.Evolve(snapshot, e.Data);
}
