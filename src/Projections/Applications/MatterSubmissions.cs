using Ledger.Domain.Applications;
using Marten.Events.Projections;

namespace Ledger.Projections.Applications;

/// <summary>How many applications each matter has received; kept asynchronously by the projection daemon.</summary>
public sealed record MatterSubmissions(string Id, int Submitted, DateTimeOffset LastSubmittedAt);

public sealed class MatterSubmissionsProjection : MultiStreamProjection<MatterSubmissions, string>
{
    public MatterSubmissionsProjection()
    {
        Identity<ApplicationSubmitted>(submitted => submitted.MatterCode);
    }

    public static MatterSubmissions Create(ApplicationSubmitted submitted) =>
        new(submitted.MatterCode, 1, submitted.At);

    public static MatterSubmissions Apply(ApplicationSubmitted submitted, MatterSubmissions current) =>
        current with
        {
            Submitted = current.Submitted + 1,
            LastSubmittedAt = submitted.At > current.LastSubmittedAt ? submitted.At : current.LastSubmittedAt,
        };
}
