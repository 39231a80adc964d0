using System.Globalization;
using Ledger.Projections.Operations;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Ledger.Api.Operations;

/// <summary>The sizes at which the city overview can be had, newest first.</summary>
public sealed record OverviewSizesView(IReadOnlyList<long> Sizes);

/// <summary>The city overview (一屏观天下), served as computed from the log at a signed checkpoint: one document read a request.</summary>
public static class OperationsEndpoints
{
    public const string NoOverview = "no-overview";
    public const string NoOverviewAtSize = "no-overview-at-size";

    [WolverineGet("/api/operations/overview", OperationId = "getOperationsOverview")]
    [Authorize(Roles = Roles.CaseReaders)]
    [Tags("Operations")]
    [EndpointSummary("The city overview: cases by stage, district and category, closing rates, overdue cases, busiest grid cells")]
    [EndpointDescription("Computed from the log's leaves as at the newest signed checkpoint (or, with `size`, the checkpoint of that many leaves, kept for 7 days): `logSize` and `checkpointTimestamp` say which. "
        + "Periods end at the checkpoint's timestamp; days are local days in the working calendar's UTC offset (`figures.utcOffset`). "
        + "`ledger operations figures --size N` recomputes every figure from the leaves alone and says whether they match.")]
    [ProducesResponseType<OperationsOverviewSnapshot>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Overview(string? size, IQuerySession session, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(size, "size", 0, out var logSize, out var problem, min: 0))
        {
            return problem!;
        }

        var json = size is null
            ? await session.Query<OperationsOverviewSnapshot>().OrderByDescending(snapshot => snapshot.LogSize).ToJsonFirstOrDefault(cancellation)
            : await session.Json.FindByIdAsync<OperationsOverviewSnapshot>(logSize, cancellation);
        if (json is not null)
        {
            return Results.Text(json, "application/json");
        }

        var newest = await NewestSizeAsync(session, cancellation);
        return newest is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, NoOverview, "The city overview has not been computed yet.",
                "It is computed from the log once a checkpoint is signed."))
            : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, NoOverviewAtSize, $"No city overview at log size {logSize}.",
                string.Create(CultureInfo.InvariantCulture, $"The overview is kept at the sizes of recent signed checkpoints; the newest is at {newest}. GET /api/operations/overview/sizes lists them.")));
    }

    [WolverineGet("/api/operations/overview/sizes", OperationId = "listOperationsOverviewSizes")]
    [Authorize(Roles = Roles.CaseReaders)]
    [Tags("Operations")]
    [EndpointSummary("The log sizes at which the city overview is kept, newest first")]
    [ProducesResponseType<OverviewSizesView>(StatusCodes.Status200OK)]
    public static async Task<OverviewSizesView> Sizes(IQuerySession session, CancellationToken cancellation) =>
        new(await session.Query<OperationsOverviewSnapshot>().OrderByDescending(snapshot => snapshot.LogSize).Select(snapshot => snapshot.LogSize).Take(10_000).ToListAsync(cancellation));

    private static async Task<long?> NewestSizeAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<OperationsOverviewSnapshot>().OrderByDescending(snapshot => snapshot.LogSize).Select(snapshot => snapshot.LogSize).Take(1).ToListAsync(cancellation))
            is [var newest] ? newest : null;

    /// <summary>The overview's agent, on one node; its interval and retention from "Ledger:Operations".</summary>
    public static IServiceCollection AddOperationsOverview(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OperationsOverviewOptions>(configuration.GetSection(OperationsOverviewOptions.Section));
        services.AddSingularAgent<OperationsOverviewAgent>();
        return services;
    }
}
