using System.Text.Json;
using Alba;
using Ledger.Domain.Identity;

namespace Ledger.Api.Tests.Audit;

[Collection(ApiCollection.Name)]
public class BrowsingStreams(ApiFixture fixture)
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhou"), "auditor");

    [Fact]
    public async Task an_auditor_lists_streams_of_a_kind_newest_change_first()
    {
        var city = await new City(fixture).WithPortal();
        var agency = await city.RegisterAgency("上海市水务局", "徐汇");

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/audit/streams?kind=agency&limit=200");
            scenario.WithRequestHeader("Authorization", "Bearer " + AuditorToken);
        });

        var streams = result.Json().EnumerateArray().ToList();
        streams.ShouldAllBe(stream => stream.GetProperty("kind").GetString() == "agency");
        streams.ShouldContain(stream => stream.GetProperty("id").GetGuid() == StreamIds.ForAgency(agency));
        streams.Select(stream => stream.GetProperty("lastChanged").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Descending);
    }

    [Theory]
    [InlineData("/api/audit/streams?kind=unicorn")]
    [InlineData("/api/audit/streams?limit=0")]
    [InlineData("/api/audit/streams?limit=x")]
    public async Task bad_parameters_are_problems(string url)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            scenario.WithRequestHeader("Authorization", "Bearer " + AuditorToken);
            scenario.StatusCodeShouldBe(400);
        });

        result.Json().GetProperty("code").GetString().ShouldBe("invalid-parameter");
    }

    [Fact]
    public async Task streams_are_not_public() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/audit/streams");
            scenario.StatusCodeShouldBe(401);
        });
}
