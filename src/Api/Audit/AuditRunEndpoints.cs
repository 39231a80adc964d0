using Marten;

namespace Ledger.Api.Audit;

public sealed record AuditRunAccepted(Guid Id, string Location);

/// <summary>Starting the full integrity audit and watching it: auditors and administrators only.</summary>
public static class AuditRunEndpoints
{
    [WolverinePost("/api/audit/runs", OperationId = "startAuditRun")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("Start a full integrity audit in the background")]
    [EndpointDescription("Recomputes every leaf from the stored events, rebuilds the tree and compares it with the stored log, every signed checkpoint and every root anchored on chain, then checks every read model against its events. Follow it at the returned location.")]
    [ProducesResponseType<AuditRunAccepted>(StatusCodes.Status202Accepted)]
    public static (IResult, RunAudit) Start(ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var actor = AccessTokens.ActorOf(user);
        var run = new AuditRun(Guid.CreateVersion7(), $"{actor.Agency}/{actor.Officer}", clock.GetUtcNow());
        session.Store(run);
        var location = $"/api/audit/runs/{run.Id}";
        return (Results.Accepted(location, new AuditRunAccepted(run.Id, location)), new RunAudit(run.Id));
    }

    [WolverineGet("/api/audit/runs/{id}", OperationId = "getAuditRun")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("An audit run's progress, and its report when done")]
    [ProducesResponseType<AuditRun>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<AuditRun>(id, cancellation) is { } run
            ? Results.Ok(run)
            : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "audit-run-not-found", $"There is no audit run {id}."));

    [WolverineGet("/api/audit/runs", OperationId = "listAuditRuns")]
    [Authorize(Roles = Roles.AuditorsAndAdmins)]
    [Tags("Audit")]
    [EndpointSummary("The latest audit runs, newest first")]
    [ProducesResponseType<IReadOnlyList<AuditRun>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<AuditRun>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<AuditRun>().OrderByDescending(run => run.RequestedAt).Take(20).ToListAsync(cancellation);
}
