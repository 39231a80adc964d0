using Ledger.Domain.Identity;

namespace Ledger.Domain.Matters;

/// <summary>What a matter is at one revision. Applications record the revision in force when they were submitted.</summary>
/// <param name="CertificateType">The certificate type the matter produces, or null when it produces none.</param>
public sealed record MatterDefinition(
    string Name,
    string LeadAgency,
    IReadOnlyList<string> CoApprovers,
    IReadOnlyList<string> RequiredMaterials,
    int PromisedDays,
    string? CertificateType);

public sealed record MatterPublished(string Code, int Revision, MatterDefinition Definition, Actor By, DateTimeOffset At);

public sealed record MatterRevised(string Code, int Revision, MatterDefinition Definition, Actor By, DateTimeOffset At);
