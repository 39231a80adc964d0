using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Marten;

using Severity = Ledger.Domain.Incidents.Severity;

namespace Ledger.Api.Incidents;

/// <summary>One case on a board or in a list: where, what, and the clock it runs against.</summary>
public sealed record CaseSummary(
    Guid Id, string CategoryCode, string CategoryName, Severity Severity, CaseSource Source, string District, string Street, string GridCell,
    string Stage, string? Department, CaseDeadline? Deadline, bool Overdue, SupervisionLevel? Supervision, DateTimeOffset ReportedAt, long Version)
{
    public static CaseSummary Of(CaseStatus status, DateTimeOffset now) => new(
        status.Id, status.CategoryCode, status.Case.Category.Name, status.Case.Severity, status.Case.Source, status.District, status.Case.Location.Street,
        status.Case.Location.GridCell, status.Stage, status.Department, status.CurrentDeadline, status.Overdue || status.CurrentDeadline?.Due < now,
        status.Case.Supervision, status.Case.ReportedAt, status.Version);
}

/// <summary>
/// A department's board: the cases it is to accept, has in hand (due soon and overdue among them, overdue first), on hold,
/// and the open cases it returned. "Due soon" is within <see cref="CaseQueries.Soon"/>.
/// </summary>
public sealed record DepartmentBoard(
    string Department, DateTimeOffset At, IReadOnlyList<CaseSummary> ToAccept, IReadOnlyList<CaseSummary> InHand, IReadOnlyList<CaseSummary> DueSoon,
    IReadOnlyList<CaseSummary> Overdue, IReadOnlyList<CaseSummary> Returned, IReadOnlyList<CaseSummary> OnHold);

public static class CaseQueries
{
    public static readonly TimeSpan Soon = TimeSpan.FromHours(24);

    public const int MaxListed = 500;

    /// <summary>Who reads any department's board: every case reader but a department's own officers.</summary>
    private static readonly string[] EveryBoardReaders = [.. Roles.CaseReaders.Split(',').Where(role => !string.Equals(role, Roles.Officer, StringComparison.Ordinal))];

    /// <summary>The stages in which a case is with its department: to accept, in hand, on hold.</summary>
    private static readonly string[] BoardStages = [nameof(CaseStage.Dispatched), nameof(CaseStage.InHandling), nameof(CaseStage.OnHold)];

    [WolverineGet("/api/cases/{id}", OperationId = "getCase")]
    [Authorize(Roles = Roles.CaseReaders)]
    [Tags("Cases")]
    [EndpointSummary("A case with its timeline")]
    [EndpointDescription("The case's state, its current limit and supervision, and every step with who took it, when, and the event's position (its leaf in the log). The reporter is not shown: only whether the report was anonymous.")]
    [ProducesResponseType<CaseStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CaseStatus>(id, cancellation) is { } status
            ? Results.Ok(status)
            : Problem.NotFoundResult("No such case.", $"There is no case {id}.");

    [WolverineGet("/api/cases", OperationId = "findCases")]
    [Authorize(Roles = Roles.CaseReaders)]
    [Tags("Cases")]
    [EndpointSummary("Find cases by department, stage, district or category")]
    [EndpointDescription("Newest first, at most 500 (limit), from an indexed read model. Stage is a case stage such as InHandling; overdue=true keeps the cases being chased.")]
    [ProducesResponseType<IReadOnlyList<CaseSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Find(
        string? department, string? stage, string? district, string? category, bool? overdue, string? limit, IQuerySession session, TimeProvider time,
        CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(limit, nameof(limit), 100, out var count, out var problem, 1, MaxListed))
        {
            return problem!;
        }

        if (stage is not null && !Enum.TryParse<CaseStage>(stage, ignoreCase: false, out _))
        {
            return QueryParameters.Invalid(nameof(stage), $"'{stage}' is not a stage: one of {string.Join(", ", Enum.GetNames<CaseStage>())}.");
        }

        var query = session.Query<CaseStatus>().AsQueryable();
        query = department is null ? query : query.Where(status => status.Department == department);
        query = stage is null ? query : query.Where(status => status.Stage == stage);
        query = district is null ? query : query.Where(status => status.District == district);
        query = category is null ? query : query.Where(status => status.CategoryCode == category);
        query = overdue is null ? query : query.Where(status => status.Overdue == overdue.Value);
        var found = await query.OrderByDescending(status => status.Case.ReportedAt).Take((int)count).ToListAsync(cancellation);
        var now = time.GetUtcNow();
        return Results.Ok(found.Select(status => CaseSummary.Of(status, now)).ToList());
    }

    [WolverineGet("/api/departments/{code}/board", OperationId = "getDepartmentBoard")]
    [Authorize(Roles = Roles.CaseReaders)]
    [Tags("Cases")]
    [EndpointSummary("A department's board")]
    [EndpointDescription("To accept, in hand, due soon (within 24 hours), overdue, on hold, and the open cases it returned. A department's officers see their own board; centres, inspectors, the hotline, auditors and administrators see any.")]
    [ProducesResponseType<DepartmentBoard>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Board(string code, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken cancellation)
    {
        var seesEveryBoard = EveryBoardReaders.Any(user.IsInRole);
        if (!seesEveryBoard && !string.Equals(AccessTokens.ActorOf(user).Agency, code, StringComparison.Ordinal))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your department's board.", "A department's officers see their own department's board only."));
        }

        var now = time.GetUtcNow();
        var held = await session.Query<CaseStatus>()
            .Where(status => status.Department == code && BoardStages.Contains(status.Stage))
            .ToListAsync(cancellation);
        var returned = await session.Query<CaseStatus>()
            .Where(status => status.ReturnedBy.Contains(code) && status.Stage == nameof(CaseStage.AwaitingDispatch))
            .ToListAsync(cancellation);
        var summaries = held.Select(status => CaseSummary.Of(status, now)).OrderByDescending(summary => summary.Overdue)
            .ThenBy(summary => summary.Deadline?.Due ?? DateTimeOffset.MaxValue).ToList();
        IReadOnlyList<CaseSummary> InStage(CaseStage stage) => [.. summaries.Where(summary => string.Equals(summary.Stage, stage.ToString(), StringComparison.Ordinal))];
        return Results.Ok(new DepartmentBoard(
            code,
            now,
            InStage(CaseStage.Dispatched),
            InStage(CaseStage.InHandling),
            [.. summaries.Where(summary => !summary.Overdue && summary.Deadline is { } deadline && deadline.Due - now <= Soon)],
            [.. summaries.Where(summary => summary.Overdue)],
            [.. returned.Select(status => CaseSummary.Of(status, now))],
            InStage(CaseStage.OnHold)));
    }
}
