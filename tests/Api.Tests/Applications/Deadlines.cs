using System.Text.Json;
using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Applications;

/// <summary>A host of its own database whose clock can be set back, to accept applications "days ago".</summary>
public sealed class DeadlineHost(ShiftedClock clock) : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_deadlines";

    protected override void Configure(IWebHostBuilder web) =>
        web.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
}

public class Deadlines
{
    [Fact]
    public async Task an_application_still_open_at_its_deadline_becomes_overdue_even_across_a_host_restart()
    {
        var clock = new ShiftedClock { Offset = TimeSpan.FromDays(-3) };
        Guid applicationId;

        // Three days ago, on the first host: a one-day matter, submitted and accepted; its deadline check is scheduled, durably.
        var first = new DeadlineHost(clock);
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
        var second = new DeadlineHost(clock);
        await second.InitializeAsync();
        try
        {
            var city = new City(second);
            var overdue = await Eventually(async () =>
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

    /// <summary>
    /// The deadline check is a scheduled message that Wolverine's durability agent picks up by polling its store, so there is
    /// no completion to await from the outside: poll the read model, bounded in time.
    /// </summary>
    private static async Task<JsonElement?> Eventually(Func<Task<JsonElement?>> probe)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!limit.IsCancellationRequested)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        return null;
    }
}
