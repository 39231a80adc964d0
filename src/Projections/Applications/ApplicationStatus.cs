using Ledger.Domain.Applications;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Applications;

/// <summary>What an agency or applicant sees of one application: kept inline, in the same transaction as its events.</summary>
public sealed record ApplicationStatus(
    Guid Id,
    string MatterCode,
    Applicant Applicant,
    IReadOnlyList<Material> Materials,
    string Stage,
    DateTimeOffset SubmittedAt)
{
    public string? WithdrawalReason { get; init; }

    public long Version { get; init; }
}

public sealed class ApplicationStatusProjection : SingleStreamProjection<ApplicationStatus, Guid>
{
    public static ApplicationStatus Create(ApplicationSubmitted submitted) =>
        new(
            submitted.ApplicationId,
            submitted.MatterCode,
            submitted.Applicant,
            submitted.Materials,
            nameof(ApplicationStage.Submitted),
            submitted.SubmittedAt);

    public static ApplicationStatus Apply(ApplicationWithdrawn withdrawn, ApplicationStatus status) =>
        status with { Stage = nameof(ApplicationStage.Withdrawn), WithdrawalReason = withdrawn.Reason };
}
