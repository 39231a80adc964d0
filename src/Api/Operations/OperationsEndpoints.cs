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
    public static async Task<IResult> Overview(string? size, IQuerySession session, NewestOverview cache, HttpContext context, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(size, "size", 0, out var logSize, out var problem, min: 0))
        {
            return problem!;
        }

        if (size is null && cache.Fresh() is { } fresh)
        {
            return Answer(context, fresh);
        }

        var newest = size is null ? await NewestSizeAsync(session, cancellation) : null;
        if (newest is { } newestSize && cache.At(newestSize) is { } cached)
        {
            return Answer(context, cached);
        }

        var json = await session.Json.FindByIdAsync<OperationsOverviewSnapshot>(newest ?? logSize, cancellation);
        if (json is not null)
        {
            return newest is { } sizeKept ? Answer(context, cache.Keep(sizeKept, json)) : Results.Text(json, "application/json");
        }

        newest ??= await NewestSizeAsync(session, cancellation);
        return newest is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, NoOverview, "The city overview has not been computed yet.",
                "It is computed from the log once a checkpoint is signed."))
            : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, NoOverviewAtSize, $"No city overview at log size {logSize}.",
                string.Create(CultureInfo.InvariantCulture, $"The overview is kept at the sizes of recent signed checkpoints; the newest is at {newest}. GET /api/operations/overview/sizes lists them.")));
    }

    /// <summary>The kept snapshot, gzip-compressed once for every caller that accepts it (a browser does: a tenth of the bytes at 100,000 cases).</summary>
    private static IResult Answer(HttpContext context, NewestOverview.Kept kept)
    {
        context.Response.Headers.Vary = "Accept-Encoding";
        if (AcceptsGzip(context.Request.Headers.AcceptEncoding))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(kept.Gzip, "application/json");
        }

        return Results.Bytes(kept.Json, "application/json");
    }

    private static bool AcceptsGzip(Microsoft.Extensions.Primitives.StringValues acceptEncoding) =>
        Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var codings)
        && codings.Any(coding => coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && coding.Quality is not 0);

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
        services.AddSingleton<NewestOverview>();
        return services;
    }
}

/// <summary>
/// The newest snapshot's JSON as UTF-8, and gzip-compressed, kept in memory: a snapshot never changes once stored, so a
/// size names its bytes. Whether it is still the newest is asked of PostgreSQL (one index-only query) at most once in
/// <see cref="FreshFor"/>; the overview is computed again every 10 s by default, so a new one shows within a second.
/// </summary>
public sealed class NewestOverview
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    private volatile Kept? kept;
    private long confirmedAt;

    /// <summary>The kept snapshot, if it was found to be the newest less than <see cref="FreshFor"/> ago.</summary>
    public Kept? Fresh() =>
        kept is { } newest && System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref confirmedAt)) < FreshFor ? newest : null;

    /// <summary>The kept snapshot if it is the one at <paramref name="size"/>, the newest: confirmed as such from now.</summary>
    public Kept? At(long size)
    {
        if (kept is not { } newest || newest.Size != size)
        {
            return null;
        }

        Interlocked.Exchange(ref confirmedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        return newest;
    }

    public Kept Keep(long size, string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        var newest = new Kept(size, bytes, compressed.ToArray());
        kept = newest;
        Interlocked.Exchange(ref confirmedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        return newest;
    }

    public sealed record Kept(long Size, byte[] Json, byte[] Gzip);
}
