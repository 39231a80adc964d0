using Ledger.Api.Problems;
using Ledger.Projections.Applications;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Ledger.Api.Applications;

public static class GetApplicationEndpoint
{
    [WolverineGet("/api/applications/{id}", OperationId = "getApplication")]
    [Tags("Applications")]
    [EndpointSummary("Read an application's status")]
    [EndpointDescription("The inline projection of one application stream, consistent with its last event.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation)
    {
        var status = await session.LoadAsync<ApplicationStatus>(id, cancellation);
        return status is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, "No such application.", $"There is no application {id}."))
            : Results.Ok(status);
    }
}
