using FluentValidation;
using Ledger.Api.Problems;
using Ledger.Domain.Applications;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Ledger.Api.Applications;

public sealed record WithdrawApplicationRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<WithdrawApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Reason).NotEmpty().MaximumLength(500);
        }
    }
}

public sealed record ApplicationVersion(Guid Id, long Version);

public static class WithdrawApplicationEndpoint
{
    [WolverinePost("/api/applications/{id}/withdrawal", OperationId = "withdrawApplication")]
    [Tags("Applications")]
    [EndpointSummary("Withdraw an application")]
    [EndpointDescription("Appends ApplicationWithdrawn. `version` is the application's version the caller last saw; a stale one gets 409 with the current version.")]
    [ProducesResponseType<ApplicationVersion>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, WithdrawApplicationRequest request, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        if (await session.Events.FetchStreamStateAsync(id, cancellation) is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, "No such application.", $"There is no application {id}."));
        }

        await bus.InvokeAsync(new WithdrawApplication(id, request.Version, request.Reason), cancellation);
        return Results.Ok(new ApplicationVersion(id, request.Version + 1));
    }
}
