using System.Text.Json;
using Alba;

namespace Ledger.Api.Tests.Applications;

[Collection(ApiCollection.Name)]
public class WithdrawingApplications(ApiFixture fixture)
{
    private async Task<string> Submitted()
    {
        var submitted = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application("310000-XF-0203", ("消防设施检测报告", Requests.Sha256Of(Guid.NewGuid().ToString()))))
                .ToUrl("/api/applications");
            scenario.StatusCodeShouldBe(201);
        });
        return submitted.Json().GetProperty("location").GetString()!;
    }

    [Fact]
    public async Task an_applicant_withdraws_an_application_at_the_version_they_saw()
    {
        var application = await Submitted();

        var withdrawn = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "门店选址变更" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBeOk();
        });

        withdrawn.Json().GetProperty("version").GetInt64().ShouldBe(2);
        var status = await fixture.Host.GetAsJson<JsonElement>(application);
        status.GetProperty("stage").GetString().ShouldBe("Withdrawn");
        status.GetProperty("withdrawalReason").GetString().ShouldBe("门店选址变更");
        status.GetProperty("version").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task a_stale_version_is_refused_with_the_current_version_and_appends_nothing()
    {
        var application = await Submitted();
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "门店选址变更" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBeOk();
        });
        var before = await fixture.Store.EventCount();

        var conflict = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "again, from a stale screen" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBe(409);
            scenario.ContentTypeShouldBe("application/problem+json");
        });

        var problem = conflict.Json();
        problem.GetProperty("code").GetString().ShouldBe("version-conflict");
        problem.GetProperty("currentVersion").GetInt64().ShouldBe(2);
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task withdrawing_twice_at_the_current_version_breaks_a_rule()
    {
        var application = await Submitted();
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "门店选址变更" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBeOk();
        });

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 2, reason = "再次撤回" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBe(422);
        });

        refused.Json().GetProperty("code").GetString().ShouldBe("application-already-withdrawn");
    }

    [Fact]
    public async Task withdrawing_an_unknown_application_is_not_found() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "不存在" }).ToUrl($"/api/applications/{Guid.CreateVersion7()}/withdrawal");
            scenario.StatusCodeShouldBe(404);
        });

    [Fact]
    public async Task a_withdrawal_without_a_reason_is_refused_naming_the_field()
    {
        var application = await Submitted();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(new { version = 1, reason = "" }).ToUrl(application + "/withdrawal");
            scenario.StatusCodeShouldBe(400);
        });

        refused.Json().GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue();
    }
}
