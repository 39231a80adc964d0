using System.Text.Json;
using Ledger.Testing;

namespace Ledger.Api.Tests.Applications;

public class Deadlines
{
    [Fact]
    public async Task an_application_still_open_at_its_deadline_becomes_overdue_even_across_a_host_restart()
    {
        var clock = new ShiftedClock { Offset = TimeSpan.FromDays(-3) };
        Guid applicationId;

        // Three days ago, on the first host: a one-day matter, submitted and accepted; its deadline check is scheduled, durably.
        var first = new ShiftedClockHost(clock, "ledger_api_tests_deadlines");
        await first.InitializeAsync();
        try
        {
            var city = await new City(first).WithPortal();
            var greening = await city.RegisterAgency("上海市绿化和市容管理局", "静安");
            var matter = await city.PublishMatter("临时占用绿地审批", greening, [], promisedDays: 1);
            var status = await city.Submit(matter, ("临时占用绿地申请表", Requests.Sha256Of(matter)));
            status = await city.Send(HttpMethod.Post, $"/api/applications/{status.Id()}/acceptance", new { version = status.Version() }, city.OfficerOf(greening), 200);
            applicationId = status.Id();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Now, on a new host over the same database: the stored check fires and finds the application past its deadline.
        clock.Offset = TimeSpan.Zero;
        var second = new ShiftedClockHost(clock, "ledger_api_tests_deadlines");
        await second.InitializeAsync();
        try
        {
            var city = new City(second);
            var overdue = await ShiftedClockHost.Eventually(async () =>
            {
                var status = (await city.Send(HttpMethod.Get, $"/api/applications/{applicationId}", null, city.AdminToken, 200)).GetProperty("status");
                return status.GetProperty("overdue").GetBoolean() ? status : (JsonElement?)null;
            });

            overdue.ShouldNotBeNull("the deadline check did not fire on the restarted host within a minute");
            overdue.Value.GetProperty("timeline").EnumerateArray().Last().GetProperty("event").GetString().ShouldBe("application_overdue.v1");
            overdue.Value.GetProperty("stage").GetString().ShouldBe("UnderApproval");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
