using Ledger.Domain.Applications;

namespace Ledger.Api.Applications;


public sealed class MaterialValidator : AbstractValidator<Material>
{
    /// <summary>The most materials one request lists (a matter requires, an application submits, a supplement asks for).</summary>
    public const int MaxPerRequest = 50;

    public MaterialValidator()
    {
        RuleFor(material => material.Name).NotEmpty().MaximumLength(200);
        RuleFor(material => material.Sha256).NotEmpty().Matches("^[0-9a-fA-F]{64}$").WithMessage("A SHA-256 is 64 hexadecimal characters.");
    }
}

public static class ValidationRules
{
    public static IRuleBuilderOptions<T, long> IsStreamVersion<T>(this IRuleBuilder<T, long> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("The version is the application's version you last read, 1 or more.");

    public static IRuleBuilderOptions<T, string> IsReason<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(1000);
}
