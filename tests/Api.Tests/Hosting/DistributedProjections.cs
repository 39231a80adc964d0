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
        var matter = "310000-WM-" + Random.Shared.Next(100_000, 999_999);
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application(matter, ("户外招牌设置申请表", Requests.Sha256Of(matter)))).ToUrl("/api/applications");
            scenario.StatusCodeShouldBe(201);
        });

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
