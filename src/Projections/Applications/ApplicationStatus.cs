using Ledger.Domain;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Applications;

/// <param name="Event">The event's catalogue name, e.g. application_accepted.v1.</param>
public sealed record TimelineEntry(string Event, DateTimeOffset At, string? Agency, string? Officer, string? Note);

public sealed record ApprovalEntry(string Agency, string Verdict, string Note, DateTimeOffset At);

/// <summary>
/// An application as its applicant and the agencies handling it see it, with its timeline. Kept inline, in the same
/// transaction as its events, so whoever just wrote reads their own write; <see cref="Version"/> is the version to send
/// with the next command.
/// </summary>
public sealed record ApplicationStatus(
    Guid Id,
    string MatterCode,
    int MatterRevision,
    string MatterName,
    string LeadAgency,
    IReadOnlyList<string> Approvers,
    PartyOnRecord Applicant,
    Actor SubmittedBy,
    IReadOnlyList<Material> Materials,
    string Stage,
    DateTimeOffset SubmittedAt)
{
    public DateTimeOffset? DueAt { get; init; }

    public bool Overdue { get; init; }

    public IReadOnlyList<string> MissingMaterials { get; init; } = [];

    public IReadOnlyList<ApprovalEntry> Approvals { get; init; } = [];

    /// <summary>Why the application was not accepted, denied or withdrawn (an enterprise's withdrawal reason; a person's is in <see cref="WithdrawalReason"/> only).</summary>
    public string? Reason { get; init; }

    /// <summary>The applicant's own reason for withdrawing, as recorded: sealed under their subject when the applicant is a person.</summary>
    public Recorded? WithdrawalReason { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public Guid? CertificateId { get; init; }

    public Guid? BundleId { get; init; }

    public string? CertificateIdentifier { get; init; }

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public long Version { get; init; }

    /// <summary>
    /// The agencies whose move it is: the lead agency while the application awaits acceptance, every approver yet to give
    /// its verdict while it is under approval. Stored with the document, so work queues are one indexed query.
    /// </summary>
    public IReadOnlyList<string> PendingWith => Stage switch
    {
        nameof(ApplicationStage.Submitted) => [LeadAgency],
        nameof(ApplicationStage.UnderApproval) => [.. Approvers.Where(approver => !Approvals.Any(approval => string.Equals(approval.Agency, approver, StringComparison.Ordinal)))],
        _ => [],
    };
}

public sealed class ApplicationStatusProjection : SingleStreamProjection<ApplicationStatus, Guid>
{
    public static ApplicationStatus Create(ApplicationSubmitted submitted) =>
        new ApplicationStatus(
            submitted.ApplicationId, submitted.MatterCode, submitted.MatterRevision, submitted.Matter.Name, submitted.Matter.LeadAgency,
            [submitted.Matter.LeadAgency, .. submitted.Matter.CoApprovers], submitted.Applicant, submitted.By, submitted.Materials,
            nameof(ApplicationStage.Submitted), submitted.At)
        {
            BundleId = submitted.BundleId,
            Timeline = [Entry(submitted, submitted.At, submitted.By, null)],
        };

    public static ApplicationStatus Apply(SupplementRequested requested, ApplicationStatus status) =>
        Then(status, requested, requested.At, requested.By, requested.Note) with
        {
            Stage = nameof(ApplicationStage.SupplementRequested),
            MissingMaterials = requested.MissingMaterials,
        };

    public static ApplicationStatus Apply(ApplicationSupplemented supplemented, ApplicationStatus status) =>
        Then(status, supplemented, supplemented.At, supplemented.By, string.Join(", ", supplemented.Materials.Select(material => material.Name))) with
        {
            Stage = nameof(ApplicationStage.Submitted),
            Materials = [.. status.Materials, .. supplemented.Materials],
            MissingMaterials = [],
        };

    public static ApplicationStatus Apply(ApplicationAccepted accepted, ApplicationStatus status) =>
        Then(status, accepted, accepted.At, accepted.By, null) with { DueAt = accepted.DueAt };

    public static ApplicationStatus Apply(ApprovalsRequested requested, ApplicationStatus status) =>
        Then(status, requested, requested.At, requested.By, string.Join(", ", requested.Agencies)) with { Stage = nameof(ApplicationStage.UnderApproval) };

    public static ApplicationStatus Apply(ApplicationNotAccepted rejected, ApplicationStatus status) =>
        Then(status, rejected, rejected.At, rejected.By, rejected.Reason) with
        {
            Stage = nameof(ApplicationStage.NotAccepted),
            Reason = rejected.Reason,
            DecidedAt = rejected.At,
        };

    public static ApplicationStatus Apply(ApprovalGranted granted, ApplicationStatus status) =>
        Then(status, granted, granted.At, granted.By, granted.Opinion) with
        {
            Approvals = [.. status.Approvals, new ApprovalEntry(granted.Agency, nameof(Verdict.Granted), granted.Opinion, granted.At)],
        };

    public static ApplicationStatus Apply(ApprovalDenied denied, ApplicationStatus status) =>
        Then(status, denied, denied.At, denied.By, denied.Reason) with
        {
            Approvals = [.. status.Approvals, new ApprovalEntry(denied.Agency, nameof(Verdict.Denied), denied.Reason, denied.At)],
        };

    public static ApplicationStatus Apply(ApplicationApproved approved, ApplicationStatus status) =>
        Then(status, approved, approved.At, null, null) with { Stage = nameof(ApplicationStage.Approved), DecidedAt = approved.At };

    public static ApplicationStatus Apply(ApplicationDenied denied, ApplicationStatus status) =>
        Then(status, denied, denied.At, null, denied.Reason) with
        {
            Stage = nameof(ApplicationStage.Denied),
            Reason = denied.Reason,
            DecidedAt = denied.At,
        };

    public static ApplicationStatus Apply(ApplicationCompleted completed, ApplicationStatus status) =>
        Then(status, completed, completed.At, completed.By, null) with { Stage = nameof(ApplicationStage.Completed) };

    public static ApplicationStatus Apply(ApplicationWithdrawn withdrawn, ApplicationStatus status) =>
        Then(status, withdrawn, withdrawn.At, withdrawn.By, withdrawn.Reason.Value) with
        {
            Stage = nameof(ApplicationStage.Withdrawn),
            Reason = withdrawn.Reason.Value,
            WithdrawalReason = withdrawn.Reason,
        };

    public static ApplicationStatus Apply(ApplicationOverdue overdue, ApplicationStatus status) =>
        Then(status, overdue, overdue.At, null, null) with { Overdue = true };

    public static ApplicationStatus Apply(ApplicationCertificateIssued issued, ApplicationStatus status) =>
        Then(status, issued, issued.At, null, issued.Identifier) with { CertificateId = issued.CertificateId, CertificateIdentifier = issued.Identifier };

    private static ApplicationStatus Then(ApplicationStatus status, object @event, DateTimeOffset at, Actor? by, string? note) =>
        status with { Timeline = [.. status.Timeline, Entry(@event, at, by, note)] };

    private static TimelineEntry Entry(object @event, DateTimeOffset at, Actor? by, string? note) =>
        new(EventCatalogue.Names[@event.GetType()], at, by?.Agency, by?.Officer, note);
}
