using System.Text.Json;
using Alba;
using Ledger.Api.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public class HealthChecks(ApiFixture fixture)
{
    [Fact]
    public async Task the_api_is_live() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/health/live");
            scenario.StatusCodeShouldBeOk();
        });

    [Fact]
    public async Task the_api_is_ready_when_postgresql_and_the_chain_answer()
    {
        var report = await fixture.Host.GetAsJson<JsonElement>("/health/ready");

        report.GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("chain").GetProperty("description").GetString().ShouldStartWith("Chain 31337 answers");
    }

    [Fact]
    public async Task the_chain_is_not_ready_when_its_rpc_does_not_answer()
    {
        var nobodyListens = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Chain:RpcUrl"] = "http://127.0.0.1:9" })
            .Build();
        using var http = new HttpClient();

        var result = await new ChainReady(http, nobodyListens).CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldNotBeNull().ShouldContain("does not answer");
    }
}
