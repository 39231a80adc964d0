using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Marten.Events;
using Microsoft.Extensions.Logging;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The API configured for several nodes: Wolverine, not Marten's HotCold lock, decides which node runs each async projection.</summary>
public sealed class WolverineManagedFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_distributed";

    protected override void Configure(IWebHostBuilder web) => web.UseSetting("Projections:DaemonMode", "WolverineManaged");
}

public class DistributedProjections(WolverineManagedFixture fixture) : IClassFixture<WolverineManagedFixture>
{
    [Fact]
    public async Task with_wolverine_managed_distribution_the_async_projection_still_catches_up_without_lock_errors()
    {
        var city = await new City(fixture).WithPortal();
        var greening = await city.RegisterAgency("上海市绿化和市容管理局", "徐汇");
        var matter = await city.PublishMatter("户外招牌设置", greening, []);
        await city.Submit(matter, ("户外招牌设置申请表", Requests.Sha256Of(matter)));

        // A passive wait: under Wolverine-managed distribution this helper does not drive the daemon, so it only
        // returns once Wolverine's own agent has run the projection up to the high-water mark.
        await fixture.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var counts = await fixture.Host.GetAsJson<JsonElement>("/api/matters/submissions");
        counts.EnumerateArray().Single(count => string.Equals(count.GetProperty("id").GetString(), matter, StringComparison.Ordinal))
            .GetProperty("submitted").GetInt32().ShouldBe(1);
        fixture.Logs.AtLeast(LogLevel.Warning)
            .Where(entry => entry.ToString().Contains("lock", StringComparison.OrdinalIgnoreCase) || entry.Exception is TypeLoadException)
            .ShouldBeEmpty();
    }
}

/// <summary>A node of a HotCold pair: Marten's advisory lock decides which one runs the async projections.</summary>
public sealed class HotColdNode : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_hotcold";

    protected override void Configure(IWebHostBuilder web) => web.UseSetting("Projections:DaemonMode", "HotCold");
}

public class HotColdFailover
{
    private static async Task<int> SubmittedTo(ApiFixture node, string matter)
    {
        var counts = await node.Host.GetAsJson<JsonElement>("/api/matters/submissions");
        return counts.EnumerateArray().Where(count => string.Equals(count.GetProperty("id").GetString(), matter, StringComparison.Ordinal))
            .Select(count => count.GetProperty("submitted").GetInt32()).SingleOrDefault();
    }

    private static async Task Eventually(ApiFixture node, string matter, int submitted, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await SubmittedTo(node, matter) != submitted)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, because);
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task when_the_node_running_the_projections_stops_the_other_takes_over_and_catches_up()
    {
        // The first node starts alone, so it takes the lock and runs the async projections.
        var hot = new HotColdNode();
        await hot.InitializeAsync();
        var city = await new City(hot).WithPortal();
        var greening = await city.RegisterAgency("上海市绿化和市容管理局", "长宁");
        var matter = await city.PublishMatter("户外广告设置", greening, []);
        await city.Submit(matter, ("户外广告设置申请表", Requests.Sha256Of(matter + ":1")));
        await Eventually(hot, matter, 1, "the node holding the lock did not run the projection");

        var cold = new HotColdNode();
        await cold.InitializeAsync();
        try
        {
            await hot.DisposeAsync();

            // The second node, which waited without the lock, now holds it and brings the projection up to date.
            var survivor = new City(cold);
            await survivor.WithPortal();
            await survivor.Submit(matter, ("户外广告设置申请表", Requests.Sha256Of(matter + ":2")));
            await Eventually(cold, matter, 2, "the standby node did not take over the async projections");

            cold.Logs.AtLeast(LogLevel.Warning).Where(entry => entry.Exception is TypeLoadException).ShouldBeEmpty();
        }
        finally
        {
            await cold.DisposeAsync();
        }
    }
}
