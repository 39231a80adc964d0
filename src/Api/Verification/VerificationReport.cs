namespace Ledger.Api.Verification;

/// <summary>How one step of a verification came out.</summary>
public enum StepOutcome
{
    Pass,
    Fail,
    Pending,
}

/// <summary>One named check, with a reason a person can read and the facts it rests on.</summary>
public sealed record VerificationStep(string Name, StepOutcome Outcome, string Reason, IReadOnlyDictionary<string, object?> Details);

/// <summary>
/// The report on one certificate: <c>genuine</c> when every step passes, <c>not-genuine</c> when any fails, and
/// <c>pending</c> when none fails but the ledger has yet to anchor its issuing event.
/// </summary>
public sealed record VerificationReport(string Verdict, Guid? CertificateId, string? Identifier, string? ContentHash, IReadOnlyList<VerificationStep> Steps)
{
    public static VerificationReport Of(Guid? certificateId, string? identifier, string? contentHash, IReadOnlyList<VerificationStep> steps) =>
        new(steps.Any(step => step.Outcome == StepOutcome.Fail) ? "not-genuine"
            : steps.Any(step => step.Outcome == StepOutcome.Pending) ? "pending"
            : "genuine",
            certificateId, identifier, contentHash, steps);
}

/// <summary>The step names, in the order a report lists them.</summary>
public static class Steps
{
    public const string Integrity = "integrity";
    public const string Seal = "seal";
    public const string Issuer = "issuer";
    public const string Status = "status";
    public const string Inclusion = "inclusion";
    public const string Anchor = "anchor";

    public static VerificationStep Pass(string name, string reason, IReadOnlyDictionary<string, object?>? details = null) =>
        new(name, StepOutcome.Pass, reason, details ?? new Dictionary<string, object?>(StringComparer.Ordinal));

    public static VerificationStep Fail(string name, string reason, IReadOnlyDictionary<string, object?>? details = null) =>
        new(name, StepOutcome.Fail, reason, details ?? new Dictionary<string, object?>(StringComparer.Ordinal));

    public static VerificationStep Pending(string name, string reason, IReadOnlyDictionary<string, object?>? details = null) =>
        new(name, StepOutcome.Pending, reason, details ?? new Dictionary<string, object?>(StringComparer.Ordinal));
}
