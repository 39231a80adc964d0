using System.Security.Claims;
using Ledger.Api.Identity;
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
    [EndpointSummary("Read an application's status and timeline")]
    [EndpointDescription("The inline projection of one application stream, consistent with its last event. Readable by the channel it was submitted through, the agencies named on its matter, and administrators.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var status = await session.LoadAsync<ApplicationStatus>(id, cancellation);
        if (status is null)
        {
            return ApplicationCommands.NotFound(id);
        }

        var caller = AccessTokens.ActorOf(user).Agency;
        var involved = user.IsInRole(Roles.Admin)
            || string.Equals(status.SubmittedBy.Agency, caller, StringComparison.Ordinal)
            || status.Approvers.Contains(caller, StringComparer.Ordinal);
        return involved
            ? Results.Ok(status)
            : Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your application.", "Only the channel it was submitted through and the agencies handling it read an application."));
    }
}
