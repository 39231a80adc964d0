using FluentValidation;
using Ledger.Api.Problems;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
using Wolverine;

namespace Ledger.Api.Applications;

/// <summary>Commands on an existing application: see <see cref="StreamCommands.Send{TView}"/>.</summary>
public static class ApplicationCommands
{
    public static Task<IResult> Send(Guid applicationId, object command, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        StreamCommands.Send<ApplicationStatus>(applicationId, command, session, bus, () => NotFound(applicationId), cancellation);

    public static IResult NotFound(Guid applicationId) => StreamCommands.NotFound("No such application.", $"There is no application {applicationId}.");
}

public sealed class MaterialValidator : AbstractValidator<Material>
{
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
