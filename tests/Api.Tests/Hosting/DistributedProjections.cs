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
