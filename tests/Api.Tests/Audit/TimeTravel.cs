using System.Text.Json;
using Alba;
using Ledger.Api.Tests.Log;
using Ledger.Domain.Identity;

namespace Ledger.Api.Tests.Audit;

/// <summary>An auditor replays an entity: its events with their places in the log, and its state at any version or time.</summary>
[Collection(ApiCollection.Name)]
public class TimeTravel(ApiFixture fixture)
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhou"), "auditor");

    private async Task<JsonElement> Get(string url, int status = 200) =>
        (await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            scenario.WithRequestHeader("Authorization", "Bearer " + AuditorToken);
            scenario.StatusCodeShouldBe(status);
        })).Json();

    [Fact]
    public async Task an_agency_is_seen_as_it_was_before_and_after_its_seal_key()
    {
        // Given an agency registered, then given a seal key
        var city = await new City(fixture).WithPortal();
        var agency = await city.RegisterAgency("上海市卫生健康委员会", "黄浦", "WSXK");
        await city.RegisterSealKey(agency);
        var stream = StreamIds.ForAgency(agency);
        await fixture.LoggedThrough(await fixture.Store.LastEventPosition());

        // When the auditor reads its events and its state at each version
        var page = await Get($"/api/audit/streams/{stream}/events");
        var atFirst = await Get($"/api/audit/agencies/{stream}/state?version=1");
        var atLast = await Get($"/api/audit/agencies/{stream}/state?version=2");
        var secondAt = page.GetProperty("events")[1].GetProperty("timestamp").GetDateTimeOffset();
        var justBefore = await Get($"/api/audit/agencies/{stream}/state?at={Uri.EscapeDataString(secondAt.AddTicks(-10).ToString("O"))}");

        // Then the events are in version order with their positions and leaves, and the state is as it was
        var events = page.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["agency_registered.v1", "seal_key_registered.v1"]);
        events.ShouldAllBe(e => e.GetProperty("leafIndex").ValueKind == JsonValueKind.Number);
        events[0].GetProperty("position").GetInt64().ShouldBeLessThan(events[1].GetProperty("position").GetInt64());
        atFirst.GetProperty("state").GetProperty("sealKeys").EnumerateObject().ShouldBeEmpty();
        atLast.GetProperty("state").GetProperty("sealKeys").EnumerateObject().Count().ShouldBe(1);
        justBefore.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData("/api/audit/streams/{stream}/events?limit=0", 400, "invalid-parameter")]
    [InlineData("/api/audit/streams/00000000-0000-0000-0000-000000000001/events", 404, "stream-not-found")]
    [InlineData("/api/audit/agencies/{stream}/state", 400, "invalid-parameter")]
    [InlineData("/api/audit/agencies/{stream}/state?version=1&at=2026-01-01T00:00:00Z", 400, "invalid-parameter")]
    [InlineData("/api/audit/agencies/{stream}/state?version=99", 404, "version-not-found")]
    [InlineData("/api/audit/agencies/{stream}/state?at=2000-01-01T00:00:00Z", 404, "no-state-at-time")]
    [InlineData("/api/audit/agencies/{stream}/state?at=yesterday", 400, "invalid-parameter")]
    [InlineData("/api/audit/unicorns/{stream}/state?version=1", 404, "unknown-kind")]
    public async Task bad_requests_are_problems(string url, int status, string code)
    {
        var city = await new City(fixture).WithPortal();
        var stream = StreamIds.ForAgency(city.Portal);

        var problem = await Get(url.Replace("{stream}", stream.ToString(), StringComparison.Ordinal), status);

        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task an_officer_may_not_time_travel() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/audit/streams/{Guid.NewGuid()}/events");
            scenario.WithRequestHeader("Authorization", "Bearer " + fixture.TokenFor(new Actor("11310000MB2F123457", "officer.wang"), "officer"));
            scenario.StatusCodeShouldBe(403);
        });
}
