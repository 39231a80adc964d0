using FluentValidation;
using Ledger.Api.Problems;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;
using Wolverine;

namespace Ledger.Api.Applications;

/// <summary>What every command on an existing application does around its handler.</summary>
public static class ApplicationCommands
{
    /// <summary>
    /// 404 for an unknown application; otherwise hand the command to its Wolverine handler (which loads the stream at the
    /// expected version, decides and appends) and answer with the application as it now stands, version included.
    /// </summary>
    public static async Task<IResult> Send(Guid applicationId, object command, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        if (await session.Events.FetchStreamStateAsync(applicationId, cancellation) is null)
        {
            return NotFound(applicationId);
        }

        await bus.InvokeAsync(command, cancellation);
        return Results.Ok(await session.LoadAsync<ApplicationStatus>(applicationId, cancellation));
    }

    public static IResult NotFound(Guid applicationId) =>
        Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, "No such application.", $"There is no application {applicationId}."));
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
