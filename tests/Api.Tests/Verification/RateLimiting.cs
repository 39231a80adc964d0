using Alba;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Verification;

/// <summary>A host that allows three verifications a minute per address.</summary>
public sealed class RateLimitedFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_rate_limit";

    protected override void Configure(IWebHostBuilder web) => web.UseSetting("Verification:PermitsPerMinute", "3");
}

public sealed class RateLimiting(RateLimitedFixture fixture) : IClassFixture<RateLimitedFixture>
{
    [Fact]
    public async Task public_verification_beyond_the_limit_gets_429_with_a_problem_and_other_endpoints_are_not_limited()
    {
        var url = "/api/verify/certificates/" + new string('0', 64);
        for (var i = 0; i < 3; i++)
        {
            await fixture.Host.Scenario(scenario => { scenario.Get.Url(url); scenario.StatusCodeShouldBe(404); });
        }

        var refused = await fixture.Host.Scenario(scenario => { scenario.Get.Url(url); scenario.StatusCodeShouldBe(429); });

        refused.Json().GetProperty("code").GetString().ShouldBe("rate-limited");
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldBe("60");
        await fixture.Host.Scenario(scenario => { scenario.Get.Url("/api/ledger/head"); scenario.StatusCodeShouldBeOk(); });
    }
}
