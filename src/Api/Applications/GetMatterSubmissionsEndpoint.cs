using Ledger.Projections.Applications;
using Marten;

namespace Ledger.Api.Applications;

public static class GetMatterSubmissionsEndpoint
{
    [WolverineGet("/api/matters/submissions", OperationId = "listMatterSubmissions")]
    [AllowAnonymous]
    [Tags("Applications")]
    [EndpointSummary("Count submissions per matter")]
    [EndpointDescription("An asynchronous projection kept by the daemon; it may lag the newest events by moments.")]
    public static async Task<IReadOnlyList<MatterSubmissions>> Get(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<MatterSubmissions>().OrderBy(matter => matter.Id).ToListAsync(cancellation);
}
