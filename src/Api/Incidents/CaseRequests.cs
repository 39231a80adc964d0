using Ledger.Api.Applications;
using Ledger.Domain.Incidents;

namespace Ledger.Api.Incidents;

/// <summary>The checks every command on a case shares: the version last read, and hashes of photos and documents.</summary>
public static class CaseRequestRules
{
    public const int MaxHashes = 20;

    public static IRuleBuilderOptions<T, long> IsCaseVersion<T>(this IRuleBuilder<T, long> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("The version is the case's version you last read, 1 or more.");

    public static void AreHashes<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.NotNull().MaxItems(MaxHashes).WithMessage($"At most {MaxHashes} photos or documents.")
            .ForEach(hash => hash.NotEmpty().Matches("^[0-9a-fA-F]{64}$").WithMessage("A SHA-256 is 64 hexadecimal characters."));

    public static IRuleBuilderOptions<T, string> IsNote<T>(this IRuleBuilder<T, string> rule) => rule.NotNull().MaximumLength(1000);
}

/// <summary>A command that needs nothing but the case's version: register, accept, approve, close, resume.</summary>
public sealed record CaseVersionRequest(long Version)
{
    public sealed class Validator : AbstractValidator<CaseVersionRequest>
    {
        public Validator() => RuleFor(request => request.Version).IsCaseVersion();
    }
}

/// <summary>A command with the case's version and a stated reason: not register, return, refuse, hold, supervise, reopen.</summary>
public sealed record CaseReasonRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<CaseReasonRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

public sealed record MergeCaseRequest(long Version, Guid OriginalCaseId)
{
    public sealed class Validator : AbstractValidator<MergeCaseRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.OriginalCaseId).NotEmpty();
        }
    }
}

/// <param name="Department">The department's unified social credit code; by default the category's responsible department.</param>
public sealed record DispatchCaseRequest(long Version, string? Department = null)
{
    public sealed class Validator : AbstractValidator<DispatchCaseRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Department).Length(18).When(request => request.Department is not null);
        }
    }
}

public sealed record JointHandlingRequest(long Version, string Lead, IReadOnlyList<string> Supporting)
{
    public sealed class Validator : AbstractValidator<JointHandlingRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Lead).NotEmpty().Length(18);
            RuleFor(request => request.Supporting).NotNull().MaxItems(10)
                .WithMessage("At most 10 supporting departments.");
            RuleForEach(request => request.Supporting).NotEmpty().Length(18);
        }
    }
}

public sealed record ExtensionRequest(long Version, string Reason, int ExtraWorkingDays)
{
    public sealed class Validator : AbstractValidator<ExtensionRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Reason).IsReason();
        }
    }
}

/// <param name="Evidence">Photos and documents of the work, by SHA-256.</param>
public sealed record HandlingReport(long Version, string Result, IReadOnlyList<string> Evidence)
{
    public sealed class Validator : AbstractValidator<HandlingReport>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Result).IsReason();
            RuleFor(request => request.Evidence).AreHashes();
        }
    }
}

public sealed record CaseVerificationReport(long Version, VerificationResult Result, string Note, IReadOnlyList<string> Evidence)
{
    public sealed class Validator : AbstractValidator<CaseVerificationReport>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Result).IsInEnum();
            RuleFor(request => request.Note).IsNote();
            RuleFor(request => request.Evidence).AreHashes();
        }
    }
}

public sealed record CallbackReport(long Version, Satisfaction Satisfaction, string Note)
{
    public sealed class Validator : AbstractValidator<CallbackReport>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsCaseVersion();
            RuleFor(request => request.Satisfaction).IsInEnum();
            RuleFor(request => request.Note).IsNote();
        }
    }
}
