using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Applications;

public enum ApplicantKind
{
    Person,
    Enterprise,
}

/// <summary>A document the applicant hands in, known to the ledger by its SHA-256 (lower-case hex).</summary>
public sealed record Material(string Name, string Sha256);

/// <param name="Matter">The matter as it stood at <paramref name="MatterRevision"/>: the application is judged against it, whatever later revisions say.</param>
/// <param name="BundleId">The bundle (一件事) this application is a part of, if any.</param>
public sealed record ApplicationSubmitted(
    Guid ApplicationId, string MatterCode, int MatterRevision, MatterDefinition Matter, PartyOnRecord Applicant, IReadOnlyList<Material> Materials, Actor By, DateTimeOffset At)
{
    public Guid? BundleId { get; init; }
}

public sealed record SupplementRequested(Guid ApplicationId, IReadOnlyList<string> MissingMaterials, string Note, Actor By, DateTimeOffset At);

public sealed record ApplicationSupplemented(Guid ApplicationId, IReadOnlyList<Material> Materials, Actor By, DateTimeOffset At);

/// <param name="DueAt">The promised time limit, counted from acceptance.</param>
public sealed record ApplicationAccepted(Guid ApplicationId, DateTimeOffset DueAt, Actor By, DateTimeOffset At);

public sealed record ApplicationNotAccepted(Guid ApplicationId, string Reason, Actor By, DateTimeOffset At);

/// <summary>Approval is asked of every agency at once (并联审批), not one after another.</summary>
public sealed record ApprovalsRequested(Guid ApplicationId, IReadOnlyList<string> Agencies, Actor By, DateTimeOffset At);

public sealed record ApprovalGranted(Guid ApplicationId, string Agency, string Opinion, Actor By, DateTimeOffset At);

public sealed record ApprovalDenied(Guid ApplicationId, string Agency, string Reason, Actor By, DateTimeOffset At);

public sealed record ApplicationApproved(Guid ApplicationId, DateTimeOffset At);

public sealed record ApplicationDenied(Guid ApplicationId, string Agency, string Reason, DateTimeOffset At);

public sealed record ApplicationCompleted(Guid ApplicationId, Actor By, DateTimeOffset At);

/// <param name="Reason">Written by the applicant: sealed under their subject when the applicant is a person.</param>
public sealed record ApplicationWithdrawn(Guid ApplicationId, Recorded Reason, Actor By, DateTimeOffset At);

public sealed record ApplicationOverdue(Guid ApplicationId, DateTimeOffset DueAt, DateTimeOffset At);

/// <summary>The application's certificate was issued (recorded on the application too, so 办结 can require it).</summary>
public sealed record ApplicationCertificateIssued(Guid ApplicationId, Guid CertificateId, string Identifier, DateTimeOffset At);
