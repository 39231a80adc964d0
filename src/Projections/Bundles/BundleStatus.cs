using Ledger.Domain.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Bundles;

public sealed record BundleStatus(Guid Id, string Name, PartyOnRecord Applicant, IReadOnlyList<BundlePart> Parts, DateTimeOffset SubmittedAt)
{
    public DateTimeOffset? CompletedAt { get; init; }

    public long Version { get; init; }
}

public sealed class BundleStatusProjection : SingleStreamProjection<BundleStatus, Guid>
{
    public static BundleStatus Create(BundleSubmitted submitted) => new(submitted.BundleId, submitted.Name, submitted.Applicant, submitted.Parts, submitted.At);

    public static BundleStatus Apply(BundleCompleted completed, BundleStatus status) => status with { CompletedAt = completed.At };
}
