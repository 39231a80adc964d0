using System.Text.Json;

namespace Ledger.Api.Tests.Applications;

[Collection(ApiCollection.Name)]
public class WorkQueues(ApiFixture fixture)
{
    private static IEnumerable<Guid> Ids(JsonElement queue) => queue.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("applicationId").GetGuid());

    [Fact]
    public async Task an_application_moves_through_the_queues_of_the_agencies_whose_move_it_is()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var health = await city.RegisterAgency("上海市卫生健康委员会", "黄浦");
        var matter = await city.PublishMatter("食品经营许可", market, [health], promisedDays: 2);
        var status = await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of(matter)));
        var queue = (string agency) => city.Send(HttpMethod.Get, $"/api/agencies/{agency}/work-queue", null, city.OfficerOf(agency), 200);

        var marketQueue = await queue(market);
        Ids(marketQueue).ShouldBe([status.Id()]);
        marketQueue.GetProperty("items")[0].GetProperty("action").GetString().ShouldBe("acceptance");
        Ids(await queue(health)).ShouldBeEmpty();

        status = await city.Send(HttpMethod.Post, $"/api/applications/{status.Id()}/acceptance", new { version = status.Version() }, city.OfficerOf(market), 200);
        var healthQueue = await queue(health);
        Ids(healthQueue).ShouldBe([status.Id()]);
        healthQueue.GetProperty("items")[0].GetProperty("action").GetString().ShouldBe("approval");
        healthQueue.GetProperty("dueSoon").GetInt32().ShouldBe(1);

        await city.Send(HttpMethod.Post, $"/api/applications/{status.Id()}/approvals", new { version = status.Version(), opinion = "同意" }, city.OfficerOf(health), 200);
        Ids(await queue(health)).ShouldBeEmpty();
        Ids(await queue(market)).ShouldBe([status.Id()]);
    }

    [Fact]
    public async Task an_officer_sees_only_their_own_agencys_queue()
    {
        var city = new City(fixture);
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var fire = await city.RegisterAgency("上海市消防救援总队", "徐汇");

        var problem = await city.Send(HttpMethod.Get, $"/api/agencies/{market}/work-queue", null, city.OfficerOf(fire), 403);

        problem.GetProperty("code").GetString().ShouldBe("forbidden");
    }

    [Fact]
    public async Task service_metrics_count_decisions_and_their_timeliness()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var matter = await city.PublishMatter("企业设立登记", market, [], promisedDays: 5);
        var decided = await city.Submit(matter, ("申请书", Requests.Sha256Of(matter + "a")));
        decided = await city.Send(HttpMethod.Post, $"/api/applications/{decided.Id()}/acceptance", new { version = decided.Version() }, city.OfficerOf(market), 200);
        await city.Send(HttpMethod.Post, $"/api/applications/{decided.Id()}/approvals", new { version = decided.Version(), opinion = "准予" }, city.OfficerOf(market), 200);
        await city.Submit(matter, ("申请书", Requests.Sha256Of(matter + "b")));

        var metrics = await city.Send(HttpMethod.Get, $"/api/matters/{matter}/metrics", null, null, 200);

        metrics.GetProperty("submitted").GetInt32().ShouldBe(2);
        metrics.GetProperty("decided").GetInt32().ShouldBe(1);
        metrics.GetProperty("open").GetInt32().ShouldBe(1);
        metrics.GetProperty("onTimeRate").GetDouble().ShouldBe(1.0);
        metrics.GetProperty("p90Hours").GetDouble().ShouldBeLessThan(1.0);
    }
}

[Collection(ApiCollection.Name)]
public class ReadingApplications(ApiFixture fixture)
{
    [Fact]
    public async Task an_agency_not_handling_an_application_cannot_read_it()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var police = await city.RegisterAgency("上海市公安局", "黄浦");
        var matter = await city.PublishMatter("企业设立登记", market, []);
        var status = await city.Submit(matter, ("申请书", Requests.Sha256Of(matter)));

        await city.Send(HttpMethod.Get, $"/api/applications/{status.Id()}", null, city.OfficerOf(market), 200);
        var problem = await city.Send(HttpMethod.Get, $"/api/applications/{status.Id()}", null, city.OfficerOf(police), 403);

        problem.GetProperty("code").GetString().ShouldBe("forbidden");
    }
}
