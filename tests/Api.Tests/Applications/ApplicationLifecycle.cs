using System.Text.Json;

namespace Ledger.Api.Tests.Applications;

/// <summary>An application through the public API, from submission to 办结, with parallel approval by three agencies.</summary>
[Collection(ApiCollection.Name)]
public class ApplicationLifecycle(ApiFixture fixture)
{
    private sealed record Restaurant(City City, string Market, string Health, string Fire, string Matter);

    private async Task<Restaurant> ARestaurantLicenceMatter()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "JY");
        var health = await city.RegisterAgency("上海市卫生健康委员会", "黄浦");
        var fire = await city.RegisterAgency("上海市消防救援总队", "黄浦");
        var matter = await city.PublishMatter("食品经营许可", market, [health, fire], promisedDays: 20, certificateType: "JY",
            materials: ["食品经营许可申请书", "经营场所平面布局图"]);
        return new Restaurant(city, market, health, fire, matter);
    }

    private static string At(JsonElement status, string action) => $"/api/applications/{status.Id()}/{action}";

    [Fact]
    public async Task an_application_is_supplemented_accepted_approved_in_parallel_and_completed()
    {
        var (city, market, health, fire, matter) = await ARestaurantLicenceMatter();
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));

        status = await city.Send(HttpMethod.Post, At(status, "supplement-requests"),
            new { version = status.Version(), missingMaterials = new[] { "经营场所平面布局图" }, note = "请补充平面布局图" }, city.OfficerOf(market), 200);
        status.GetProperty("stage").GetString().ShouldBe("SupplementRequested");

        status = await city.Send(HttpMethod.Post, At(status, "supplements"),
            new { version = status.Version(), materials = new[] { new { name = "经营场所平面布局图", sha256 = Requests.Sha256Of("plan") } } }, city.PortalToken, 200);
        status.GetProperty("stage").GetString().ShouldBe("Submitted");

        status = await city.Send(HttpMethod.Post, At(status, "acceptance"), new { version = status.Version() }, city.OfficerOf(market), 200);
        status.GetProperty("stage").GetString().ShouldBe("UnderApproval");
        status.GetProperty("dueAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(19));
        // Promised days are working days under the configured calendar: due at a working day's close in Shanghai.
        var due = status.GetProperty("dueAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        due.TimeOfDay.ShouldBe(TimeSpan.FromHours(17));
        due.DayOfWeek.ShouldNotBe(DayOfWeek.Sunday);

        status = await city.Send(HttpMethod.Post, At(status, "approvals"), new { version = status.Version(), opinion = "卫生条件符合要求" }, city.OfficerOf(health), 200);
        status = await city.Send(HttpMethod.Post, At(status, "approvals"), new { version = status.Version(), opinion = "消防检查合格" }, city.OfficerOf(fire), 200);
        status.GetProperty("stage").GetString().ShouldBe("UnderApproval");
        status = await city.Send(HttpMethod.Post, At(status, "approvals"), new { version = status.Version(), opinion = "准予许可" }, city.OfficerOf(market), 200);
        status.GetProperty("stage").GetString().ShouldBe("Approved");

        using var seal = await city.RegisterSealKey(market);
        var content = City.CertificateFor("JY", market, "上海小笼包餐饮有限公司", "91310101MA1FPX1234");
        var certificate = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal, status.Id()), city.OfficerOf(market), 201);
        certificate.GetProperty("identifier").GetString().ShouldBe(content.Identifier);

        status = (await city.Send(HttpMethod.Get, $"/api/applications/{status.Id()}", null, city.PortalToken, 200)).GetProperty("status");
        status.GetProperty("certificateIdentifier").GetString().ShouldBe(content.Identifier);
        status = await city.Send(HttpMethod.Post, At(status, "completion"), new { version = status.Version() }, city.OfficerOf(market), 200);

        status.GetProperty("stage").GetString().ShouldBe("Completed");
        status.GetProperty("approvals").EnumerateArray().Select(approval => approval.GetProperty("agency").GetString()).ShouldBe([health, fire, market]);
        status.GetProperty("timeline").EnumerateArray().Select(entry => entry.GetProperty("event").GetString()).ShouldBe(
        [
            "application_submitted.v2", "supplement_requested.v1", "application_supplemented.v1", "application_accepted.v1", "approvals_requested.v1",
            "approval_granted.v1", "approval_granted.v1", "approval_granted.v1", "application_approved.v1",
            "application_certificate_issued.v1", "application_completed.v1",
        ]);
        status.Version().ShouldBe(11);
    }

    [Fact]
    public async Task one_denial_decides_the_application_as_denied()
    {
        var (city, market, _, fire, matter) = await ARestaurantLicenceMatter();
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));
        status = await city.Send(HttpMethod.Post, At(status, "acceptance"), new { version = status.Version() }, city.OfficerOf(market), 200);

        status = await city.Send(HttpMethod.Post, At(status, "denials"), new { version = status.Version(), reason = "疏散通道不符合要求" }, city.OfficerOf(fire), 200);

        status.GetProperty("stage").GetString().ShouldBe("Denied");
        status.GetProperty("reason").GetString().ShouldBe("疏散通道不符合要求");
    }

    [Fact]
    public async Task nothing_is_approved_before_acceptance_and_the_refusal_appends_nothing()
    {
        var (city, _, health, _, matter) = await ARestaurantLicenceMatter();
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, At(status, "approvals"), new { version = status.Version(), opinion = "同意" }, city.OfficerOf(health), 422);

        problem.GetProperty("code").GetString().ShouldBe("application-not-under-approval");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task only_agencies_named_on_the_matter_approve()
    {
        var (city, market, _, _, matter) = await ARestaurantLicenceMatter();
        var police = await city.RegisterAgency("上海市公安局", "黄浦");
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));
        status = await city.Send(HttpMethod.Post, At(status, "acceptance"), new { version = status.Version() }, city.OfficerOf(market), 200);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, At(status, "approvals"), new { version = status.Version(), opinion = "同意" }, city.OfficerOf(police), 422);

        problem.GetProperty("code").GetString().ShouldBe("agency-not-an-approver");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_stale_version_is_refused_with_the_current_version_and_appends_nothing()
    {
        var (city, market, _, _, matter) = await ARestaurantLicenceMatter();
        var submitted = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));
        await city.Send(HttpMethod.Post, At(submitted, "acceptance"), new { version = 1 }, city.OfficerOf(market), 200);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, At(submitted, "withdrawal"), new { version = 1, reason = "从旧页面撤回" }, city.PortalToken, 409);

        problem.GetProperty("code").GetString().ShouldBe("version-conflict");
        problem.GetProperty("currentVersion").GetInt64().ShouldBe(3);
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_stale_version_on_an_officer_command_is_refused_with_the_current_version()
    {
        var (city, market, _, _, matter) = await ARestaurantLicenceMatter();
        var submitted = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));
        await city.Send(HttpMethod.Post, At(submitted, "acceptance"), new { version = 1 }, city.OfficerOf(market), 200);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, At(submitted, "rejection"), new { version = 1, reason = "材料不齐" }, city.OfficerOf(market), 409);

        problem.GetProperty("code").GetString().ShouldBe("version-conflict");
        problem.GetProperty("currentVersion").GetInt64().ShouldBe(3);
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_command_on_an_unknown_application_is_not_found()
    {
        var (city, market, _, _, _) = await ARestaurantLicenceMatter();

        var problem = await city.Send(HttpMethod.Post, $"/api/applications/{Guid.CreateVersion7()}/acceptance", new { version = 1 }, city.OfficerOf(market), 404);

        problem.GetProperty("code").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task an_applicant_withdraws_before_a_decision_but_not_after()
    {
        var (city, market, health, fire, matter) = await ARestaurantLicenceMatter();
        var open = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("open")));
        var withdrawn = await city.Send(HttpMethod.Post, At(open, "withdrawal"), new { version = open.Version(), reason = "门店选址变更" }, city.PortalToken, 200);
        withdrawn.GetProperty("stage").GetString().ShouldBe("Withdrawn");

        var decided = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("decided")));
        decided = await city.Send(HttpMethod.Post, At(decided, "acceptance"), new { version = decided.Version() }, city.OfficerOf(market), 200);
        foreach (var agency in new[] { market, health, fire })
        {
            decided = await city.Send(HttpMethod.Post, At(decided, "approvals"), new { version = decided.Version(), opinion = "同意" }, city.OfficerOf(agency), 200);
        }

        var problem = await city.Send(HttpMethod.Post, At(decided, "withdrawal"), new { version = decided.Version(), reason = "太晚了" }, city.PortalToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("application-not-open");
    }

    [Fact]
    public async Task an_application_stays_judged_by_the_matter_revision_it_was_submitted_under()
    {
        var (city, market, health, fire, matter) = await ARestaurantLicenceMatter();
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of("form")));

        var revised = await city.Send(HttpMethod.Post, $"/api/matters/{matter}/revisions", new
        {
            version = 1,
            definition = new { name = "食品经营许可（告知承诺）", leadAgency = market, coApprovers = Array.Empty<string>(), requiredMaterials = new[] { "承诺书" }, promisedDays = 5, certificateType = "JY" },
        }, city.AdminToken, 200);
        revised.GetProperty("revision").GetInt32().ShouldBe(2);

        status = await city.Send(HttpMethod.Post, At(status, "acceptance"), new { version = status.Version() }, city.OfficerOf(market), 200);

        status.GetProperty("matterRevision").GetInt32().ShouldBe(1);
        status.GetProperty("approvers").EnumerateArray().Select(approver => approver.GetString()).ShouldBe([market, health, fire]);
        status.GetProperty("dueAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(19));
    }
}
