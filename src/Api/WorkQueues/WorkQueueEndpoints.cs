using Ledger.Domain.Calendar;
using Ledger.Domain.Applications;
using Ledger.Projections.Applications;
using Marten;

namespace Ledger.Api.WorkQueues;

/// <param name="Action">What the agency is to do: <c>acceptance</c> (受理) or <c>approval</c>.</param>
/// <param name="ApplicantName">An enterprise's name; null for a person, whose name the application itself discloses to those handling it.</param>
public sealed record WorkItem(Guid ApplicationId, string MatterCode, string MatterName, Ledger.Domain.Applications.ApplicantKind ApplicantKind, string? ApplicantName, string Action, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, bool Overdue, bool DueSoon, long Version);

public sealed record WorkQueue(string Agency, int Overdue, int DueSoon, IReadOnlyList<WorkItem> Items);

/// <param name="MeanHours">Mean time from submission to decision, over decided applications.</param>
/// <param name="P90Hours">The 90th percentile of that time.</param>
/// <param name="OnTimeRate">Of the applications decided after acceptance, the share decided by their promised deadline.</param>
public sealed record ServiceMetrics(string MatterCode, int Submitted, int Open, int Decided, double? MeanHours, double? P90Hours, double? OnTimeRate, int Overdue);

public static class WorkQueueEndpoints
{
    private static readonly TimeLimit Soon = TimeLimit.Days(3);

    [WolverineGet("/api/agencies/{creditCode}/work-queue", OperationId = "getWorkQueue")]
    [Tags("Agencies")]
    [EndpointSummary("An agency's work queue")]
    [EndpointDescription("Applications awaiting this agency's acceptance or approval, overdue first, then by deadline; `dueSoon` means due within three working days. Officers see their own agency's queue; administrators see any.")]
    [ProducesResponseType<WorkQueue>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Get(string creditCode, ClaimsPrincipal user, IQuerySession session, TimeProvider time, WorkingCalendar calendar, CancellationToken cancellation)
    {
        if (!user.IsInRole(Roles.Admin) && !string.Equals(AccessTokens.ActorOf(user).Agency, creditCode, StringComparison.Ordinal))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your agency's queue.", "Officers see their own agency's work queue only."));
        }

        var now = time.GetUtcNow();
        var soonBy = calendar.Deadline(now, Soon);
        var pending = await session.Query<ApplicationStatus>().Where(status => status.PendingWith.Contains(creditCode)).ToListAsync(cancellation);
        var items = pending
            .Select(status => new WorkItem(
                status.Id, status.MatterCode, status.MatterName, status.Applicant.Kind, status.Applicant.Name.Value,
                string.Equals(status.Stage, nameof(ApplicationStage.Submitted), StringComparison.Ordinal) ? "acceptance" : "approval",
                status.SubmittedAt, status.DueAt, status.Overdue || status.DueAt < now, status.DueAt is { } due && due >= now && due <= soonBy, status.Version))
            .OrderByDescending(item => item.Overdue)
            .ThenBy(item => item.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(item => item.SubmittedAt)
            .ToList();
        return Results.Ok(new WorkQueue(creditCode, items.Count(item => item.Overdue), items.Count(item => item.DueSoon), items));
    }

    [WolverineGet("/api/matters/{code}/metrics", OperationId = "getServiceMetrics")]
    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    [Tags("Matters")]
    [EndpointSummary("Service metrics of a matter")]
    [EndpointDescription("For the city's 'reduce time' goals: applications submitted, open and decided; mean and 90th-percentile hours from submission to decision; the share decided by the promised deadline; how many are overdue.")]
    [ProducesResponseType<ServiceMetrics>(StatusCodes.Status200OK)]
    public static async Task<ServiceMetrics> Metrics(string code, IQuerySession session, TimeProvider time, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var applications = await session.Query<ApplicationStatus>().Where(status => status.MatterCode == code).ToListAsync(cancellation);
        var decided = applications.Where(status => status.DecidedAt is not null).ToList();
        var hours = decided.Select(status => (status.DecidedAt!.Value - status.SubmittedAt).TotalHours).Order().ToList();
        var judged = decided.Where(status => status.DueAt is not null).ToList();
        var open = applications.Count(status => status.PendingWith.Count > 0 || string.Equals(status.Stage, nameof(ApplicationStage.SupplementRequested), StringComparison.Ordinal));
        return new ServiceMetrics(
            code,
            applications.Count,
            open,
            decided.Count,
            hours.Count == 0 ? null : Math.Round(hours.Average(), 2),
            hours.Count == 0 ? null : Math.Round(hours[(int)Math.Ceiling(0.9 * hours.Count) - 1], 2),
            judged.Count == 0 ? null : Math.Round(judged.Count(status => status.DecidedAt <= status.DueAt) / (double)judged.Count, 4),
            applications.Count(status => status.PendingWith.Count > 0 && (status.Overdue || status.DueAt < now)));
    }
}
