namespace Ledger.Domain.Applications;

public enum ApplicantKind
{
    Person,
    Enterprise,
}

public sealed record Applicant(ApplicantKind Kind, string Name, string IdentityNumber);

/// <summary>A document the applicant hands in, known to the ledger by its SHA-256 (lower-case hex).</summary>
public sealed record Material(string Name, string Sha256);

public sealed record ApplicationSubmitted(
    Guid ApplicationId,
    string MatterCode,
    Applicant Applicant,
    IReadOnlyList<Material> Materials,
    DateTimeOffset SubmittedAt);

public sealed record ApplicationWithdrawn(Guid ApplicationId, string Reason, DateTimeOffset WithdrawnAt);
