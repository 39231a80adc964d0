using System.Collections.Immutable;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Applications;

public enum ApplicationStage
{
    Submitted,
    SupplementRequested,
    UnderApproval,
    NotAccepted,
    Approved,
    Denied,
    Completed,
    Withdrawn,
}

public enum Verdict
{
    Granted,
    Denied,
}

/// <summary>The write-side state of one application stream, folded from its events by <see cref="Evolve"/>.</summary>
public sealed record Application(
    Guid Id,
    string MatterCode,
    int MatterRevision,
    MatterDefinition Matter,
    PartyOnRecord Applicant,
    Actor SubmittedBy,
    ApplicationStage Stage,
    ImmutableArray<Material> Materials,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DueAt,
    ImmutableDictionary<string, Verdict> Verdicts,
    bool Overdue)
{
    public Guid? CertificateId { get; init; }

    public Guid? BundleId { get; init; }

    /// <summary>The lead agency first, then the co-approvers.</summary>
    public IReadOnlyList<string> Approvers => [Matter.LeadAgency, .. Matter.CoApprovers];

    /// <summary>Before a decision: the applicant may still withdraw, and the deadline still runs.</summary>
    public bool IsOpen => Stage is ApplicationStage.Submitted or ApplicationStage.SupplementRequested or ApplicationStage.UnderApproval;

    /// <summary>
    /// The fold: the state after one more event. Events this state does not depend on leave it as it was, so new
    /// event types never break old streams. (One explicit function rather than Marten's Create/Apply conventions:
    /// those are dispatched by a source generator that would have to run in this framework-free assembly.)
    /// </summary>
    public static Application? Evolve(Application? state, object @event) => (state, @event) switch
    {
        (null, ApplicationSubmitted submitted) => new Application(
            submitted.ApplicationId, submitted.MatterCode, submitted.MatterRevision, submitted.Matter, submitted.Applicant, submitted.By,
            ApplicationStage.Submitted, [.. submitted.Materials], submitted.At, null, ImmutableDictionary<string, Verdict>.Empty, false)
        {
            BundleId = submitted.BundleId,
        },
        (not null, SupplementRequested) => state with { Stage = ApplicationStage.SupplementRequested },
        (not null, ApplicationSupplemented supplemented) => state with
        {
            Stage = ApplicationStage.Submitted,
            Materials = [.. state.Materials, .. supplemented.Materials],
        },
        (not null, ApplicationAccepted accepted) => state with { DueAt = accepted.DueAt },
        (not null, ApprovalsRequested) => state with { Stage = ApplicationStage.UnderApproval },
        (not null, ApplicationNotAccepted) => state with { Stage = ApplicationStage.NotAccepted },
        (not null, ApprovalGranted granted) => state with { Verdicts = state.Verdicts.SetItem(granted.Agency, Verdict.Granted) },
        (not null, ApprovalDenied denied) => state with { Verdicts = state.Verdicts.SetItem(denied.Agency, Verdict.Denied) },
        (not null, ApplicationApproved) => state with { Stage = ApplicationStage.Approved },
        (not null, ApplicationDenied) => state with { Stage = ApplicationStage.Denied },
        (not null, ApplicationCompleted) => state with { Stage = ApplicationStage.Completed },
        (not null, ApplicationWithdrawn) => state with { Stage = ApplicationStage.Withdrawn },
        (not null, ApplicationOverdue) => state with { Overdue = true },
        (not null, ApplicationCertificateIssued issued) => state with { CertificateId = issued.CertificateId },
        _ => state,
    };
}
