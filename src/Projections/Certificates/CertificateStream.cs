using JasperFx.Events;
using Ledger.Domain.Certificates;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Certificates;

/// <summary>Folds a certificate stream into the write model its deciders use, with Domain's pure <see cref="Certificate.Evolve"/>.</summary>
public sealed class CertificateStream : SingleStreamProjection<Certificate, Guid>
{
    public override Certificate? Evolve(Certificate? snapshot, Guid id, IEvent e) => Certificate.Evolve(snapshot, e.Data);
}
