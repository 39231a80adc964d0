using Ledger.Domain.Applications;
using Ledger.Domain.Calendar;
using Ledger.Projections.Applications;
using Wolverine;
using JasperFx;
using Ledger.Api.Hosting;
using Ledger.Api.Problems;
using Marten;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public sealed record AcceptApplicationRequest(long Version)
{
    public sealed class Validator : AbstractValidator<AcceptApplicationRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).IsStreamVersion();
        }
    }
}

/// <summary>
/// Besides the events, a deadline check is scheduled for the due time. It is a durable Wolverine message stored in
/// PostgreSQL with the events, in the same transaction, so it fires even if the host restarts in between. Acceptances are
/// saved by group commit (<see cref="GroupCommit"/>): the application is read and the decision taken first, so only a stream
/// moved on meanwhile can fail the save.
/// </summary>
public static class AcceptApplicationEndpoint
{
    /// <summary>The application at the version the caller read (404 if there is none, 409 if it has moved on), as <c>[WriteAggregate]</c> reads it.</summary>
    public static async Task<Application> LoadAsync(Guid id, AcceptApplicationRequest request, IQuerySession session, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (stream.Count == 0 || stream[^1].Version != request.Version)
        {
            throw new ConcurrencyException(typeof(Application), id);
        }

        return stream.Aggregate(default(Application), (state, e) => Application.Evolve(state, e.Data))!;
    }

    [WolverinePost("/api/applications/{id}/acceptance", OperationId = "acceptApplication")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Applications")]
    [EndpointSummary("Accept an application (受理)")]
    [EndpointDescription("The lead agency accepts: the promised time limit starts (working days under the configured calendar), and approval is requested from the lead agency and every co-approver at once.")]
    [ProducesResponseType<ApplicationStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        AcceptApplicationRequest request, Application application, ClaimsPrincipal user, HttpContext context, GroupCommit commits, IQuerySession query,
        WorkingCalendar calendar, TimeProvider time)
    {
        var decided = ApplicationDecisions.Decide(application, new AcceptApplication(application.Id, request.Version, AccessTokens.ActorOf(user)), calendar, time.GetUtcNow());
        var accepted = decided.OfType<ApplicationAccepted>().Single();
        var written = await commits.SaveAsync(context, async recording =>
        {
            recording.Session.Events.Append(application.Id, request.Version + decided.Count, [.. decided]);
            await recording.Messages.ScheduleAsync(new CheckApplicationDeadline(application.Id), accepted.DueAt);
        });

        CommittedWrite.Mark(context, location: null);
        return Results.Ok(await new CommittedViews(query, written).WrittenAsync<ApplicationStatus>(application.Id, context.RequestAborted));
    }
}

public static class CheckApplicationDeadlineHandler
{
    /// <summary>
    /// Marks the application overdue if it is still open at its deadline. Should the check arrive before the deadline by
    /// this node's clock (clocks of nodes differ), it is scheduled again for the deadline rather than dropped.
    /// </summary>
    [AggregateHandler]
    public static (Events, OutgoingMessages) Handle(CheckApplicationDeadline command, Application application, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var again = new OutgoingMessages();
        if (application is { IsOpen: true, Overdue: false, DueAt: { } dueAt } && now < dueAt)
        {
            again.Schedule(command, dueAt);
        }

        return ([.. ApplicationDecisions.Decide(application, command, now)], again);
    }
}
