using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Verification;

/// <summary>A host that allows three verifications a minute per address and three writes a minute per caller.</summary>
public sealed class RateLimitedFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_rate_limit";

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Verification:PermitsPerMinute", "3");
        web.UseSetting("RateLimits:WritesPerMinute", "3");
    }
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

    [Fact]
    public async Task writes_beyond_a_callers_limit_get_429_and_append_nothing_while_other_callers_and_reads_go_on()
    {
        // Given a portal that has used its three writes of the minute
        var busy = fixture.TokenFor(new Actor("11310000MB2F00001C", "portal.busy"), Roles.Portal);
        for (var i = 0; i < 3; i++)
        {
            await Submit(busy, 400);
        }

        var before = await fixture.Store.EventCount();

        // When it writes again
        var refused = await Submit(busy, 429);

        // Then it is refused with a problem and Retry-After, nothing is appended, and another caller still writes while it still reads
        refused.Json().GetProperty("code").GetString().ShouldBe("rate-limited");
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldBe("60");
        (await fixture.Store.EventCount()).ShouldBe(before);
        await Submit(fixture.TokenFor(new Actor("11310000MB2F00001C", "portal.quiet"), Roles.Portal), 400);
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/matters");
            scenario.WithRequestHeader("Authorization", "Bearer " + busy);
            scenario.StatusCodeShouldBeOk();
        });
    }

    private Task<IScenarioResult> Submit(string token, int status) => fixture.Host.Scenario(scenario =>
    {
        scenario.Post.Json(new { }).ToUrl("/api/applications");
        scenario.WithRequestHeader("Authorization", "Bearer " + token);
        scenario.StatusCodeShouldBe(status);
    });
}
