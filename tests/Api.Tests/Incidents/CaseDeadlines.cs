using System.Text.Json;
using Ledger.Domain.Calendar;
using Ledger.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Incidents;

public class CaseDeadlines
{
    private static readonly TimeLimit Acceptance = TimeLimit.Hours(2);

    /// <summary>
    /// When to dispatch so that the acceptance limit lapsed a few minutes ago by the city's calendar, and the next chase
    /// (the same limit counted from the lapse) is still ahead: then exactly one lapse is due now.
    /// </summary>
    private static DateTimeOffset DispatchTimeForOneLapse(WorkingCalendar calendar, DateTimeOffset now)
    {
        var dispatchAt = now;
        while (calendar.Deadline(dispatchAt, Acceptance) > now - TimeSpan.FromMinutes(1))
        {
            dispatchAt -= TimeSpan.FromMinutes(15);
        }

        return dispatchAt;
    }

    [Fact]
    public async Task a_passed_acceptance_limit_marks_the_case_overdue_and_supervised_once_even_across_a_host_restart()
    {
        var clock = new ShiftedClock();
        Guid caseId;
        DateTimeOffset due;

        // On the first host, at a time set back: a case reported, registered and dispatched; the acceptance check is stored durably.
        var first = new ShiftedClockHost(clock, "ledger_api_tests_case_deadlines");
        await first.InitializeAsync();
        try
        {
            var calendar = first.Host.Services.GetRequiredService<WorkingCalendar>();
            var now = DateTimeOffset.UtcNow;
            var dispatchAt = DispatchTimeForOneLapse(calendar, now);
            due = calendar.Deadline(dispatchAt, Acceptance);
            calendar.Deadline(due, Acceptance).ShouldBeGreaterThan(now + TimeSpan.FromMinutes(5), "the second lapse must lie ahead for this test");
            clock.Offset = dispatchAt - now;

            var operations = new CityOperations(first);
            var roads = CityOperations.NewDepartment();
            var category = await operations.PublishCategory(roads, acceptance: new { amount = 2, unit = "WorkingHours" });
            var dispatched = await operations.Dispatched(category, roads);
            dispatched.GetProperty("currentDeadline").GetProperty("due").GetDateTimeOffset().ShouldBe(due, TimeSpan.FromMinutes(1));
            due = dispatched.GetProperty("currentDeadline").GetProperty("due").GetDateTimeOffset();
            caseId = dispatched.Id();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Now, on a new host over the same database: the stored check fires, once, and escalates to the district centre.
        clock.Offset = TimeSpan.Zero;
        var second = new ShiftedClockHost(clock, "ledger_api_tests_case_deadlines");
        await second.InitializeAsync();
        try
        {
            var operations = new CityOperations(second);
            var overdue = await ShiftedClockHost.Eventually(async () =>
            {
                var status = await operations.Read(caseId);
                return status.GetProperty("overdue").GetBoolean() ? status : (JsonElement?)null;
            });
            overdue.ShouldNotBeNull("the acceptance check did not fire on the restarted host within a minute");

            await Task.Delay(TimeSpan.FromSeconds(6));
            var status = await operations.Read(caseId);
            status.GetProperty("timeline").EnumerateArray().Count(entry => string.Equals(entry.GetProperty("event").GetString(), "case_overdue.v1", StringComparison.Ordinal)).ShouldBe(1);
            status.GetProperty("lapses").GetInt32().ShouldBe(1);
            status.GetProperty("case").GetProperty("supervision").GetString().ShouldBe("District");
            status.GetProperty("stage").GetString().ShouldBe("Dispatched");
            var chase = status.GetProperty("currentDeadline");
            chase.GetProperty("kind").GetString().ShouldBe("Acceptance");
            chase.GetProperty("due").GetDateTimeOffset().ShouldBeGreaterThan(due, "the case is chased again by the same limit, counted from the lapse");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
