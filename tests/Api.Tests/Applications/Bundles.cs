using System.Text.Json;
using Wolverine.Tracking;

namespace Ledger.Api.Tests.Applications;

/// <summary>Opening a restaurant as one thing (一件事): the parts go to their agencies at once, and the bundle completes when every part does.</summary>
[Collection(ApiCollection.Name)]
public class Bundles(ApiFixture fixture)
{
    [Fact]
    public async Task a_bundle_fans_out_to_its_agencies_and_completes_when_every_part_does()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var fire = await city.RegisterAgency("上海市消防救援总队", "黄浦");
        var greening = await city.RegisterAgency("上海市绿化和市容管理局", "黄浦");
        string[] matters =
        [
            await city.PublishMatter("企业设立登记", market, []),
            await city.PublishMatter("公众聚集场所消防安全检查", fire, []),
            await city.PublishMatter("户外招牌设置审批", greening, [market]),
        ];

        var bundle = await city.Send(HttpMethod.Post, "/api/bundles", new
        {
            name = "开办餐饮店",
            applicant = new { kind = "Enterprise", name = "上海蟹粉面餐饮有限公司", identityNumber = "91310101MA1FL0QX3R" },
            parts = matters.Select(matter => new { matterCode = matter, materials = new[] { new { name = "申请书", sha256 = Requests.Sha256Of(matter) } } }),
        }, city.PortalToken, 201);

        var parts = bundle.GetProperty("parts").EnumerateArray().ToList();
        parts.Select(part => part.GetProperty("leadAgency").GetString()).ShouldBe([market, fire, greening]);
        parts.ShouldAllBe(part => part.GetProperty("stage").GetString() == "Submitted");

        JsonElement view = default;
        foreach (var part in parts)
        {
            var lead = part.GetProperty("leadAgency").GetString()!;
            var status = await city.Send(HttpMethod.Post, $"/api/applications/{part.Id()}/acceptance", new { version = part.Version() }, city.OfficerOf(lead), 200);
            foreach (var approver in status.GetProperty("approvers").EnumerateArray().Select(approver => approver.GetString()!))
            {
                status = await city.Send(HttpMethod.Post, $"/api/applications/{part.Id()}/approvals", new { version = status.Version(), opinion = "同意" }, city.OfficerOf(approver), 200);
            }

            // Completing a part sends the bundle a message to check itself; wait for that work to finish.
            await fixture.Host.ExecuteAndWaitAsync(async () =>
                await city.Send(HttpMethod.Post, $"/api/applications/{part.Id()}/completion", new { version = status.Version() }, city.OfficerOf(lead), 200));
            view = await city.Send(HttpMethod.Get, $"/api/bundles/{bundle.GetProperty("bundle").Id()}", null, city.PortalToken, 200);
            var allDone = part.Id() == parts[^1].Id();
            (view.GetProperty("bundle").GetProperty("completedAt").ValueKind == JsonValueKind.String).ShouldBe(allDone);
        }

        view.GetProperty("parts").EnumerateArray().ShouldAllBe(part => part.GetProperty("stage").GetString() == "Completed");
    }

    [Fact]
    public async Task a_bundle_with_an_unknown_matter_is_refused_whole()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var known = await city.PublishMatter("企业设立登记", market, []);
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/bundles", new
        {
            name = "开办餐饮店",
            applicant = new { kind = "Enterprise", name = "上海蟹粉面餐饮有限公司", identityNumber = "91310101MA1FL0QX3R" },
            parts = new[] { known, City.NewMatterCode() }.Select(matter => new { matterCode = matter, materials = new[] { new { name = "申请书", sha256 = Requests.Sha256Of(matter) } } }),
        }, city.PortalToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("matter-unknown");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }
}
