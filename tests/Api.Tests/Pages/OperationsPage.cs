using System.Globalization;
using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Api.Tests.Incidents;
using Ledger.Api.Tests.Log;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Case = Ledger.Domain.Incidents.Case;

namespace Ledger.Api.Tests.Pages;

/// <summary>
/// A database of its own for the operations page, holding only the cases its tests make, and an overview computed as soon
/// as each checkpoint is signed.
/// </summary>
public sealed class OperationsPageFixture : BrowserFixture
{
    protected override string DatabaseName => "ledger_api_tests_operations_page";

    protected override void Configure(IWebHostBuilder web)
    {
        base.Configure(web);
        web.UseSetting("Ledger:Operations:IntervalSeconds", "0");
        web.UseSetting("Ledger:Operations:PollMilliseconds", "200");
    }

    public OperationsPageFixture() => City = new(() => OperationsPageCity.MakeAsync(this));

    /// <summary>The city's cases, made once for every test of the page.</summary>
    public Lazy<Task<OperationsPageCity>> City { get; }
}

/// <summary>
/// Six cases in four districts at five stages: four taken through the API (reported; registered; accepted; a 12345 case
/// closed with a satisfied callback), and two appended to the event store with times two days back, since only the clock decides when
/// the API's steps happen: one dispatched and never accepted (overdue on acceptance, chased by its district centre), one
/// accepted whose handling limit lapsed yesterday.
/// </summary>
public sealed record OperationsPageCity(string Category, Guid Closed, Guid OverdueOnAcceptance, Guid OverdueOnHandling, long LogSize)
{
    public const int Cases = 6;

    public static async Task<OperationsPageCity> MakeAsync(OperationsPageFixture fixture)
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var category = await operations.PublishCategory(roads, "道路破损");
        object At(string district, string cell, string source = "GridInspector") =>
            CityOperations.Report(category, source, CityOperations.Location(district, $"{district}-{cell}"));

        await operations.Reported(category, report: At("310104", "003-01"));
        var registered = await operations.Reported(category, report: At("310104", "003-02"));
        await operations.Step(registered, "registration", new { version = registered.Version() }, operations.Centre);
        var accepted = await operations.Reported(category, report: At("310115", "021-07"));
        accepted = await operations.Step(accepted, "registration", new { version = accepted.Version() }, operations.Centre);
        accepted = await operations.Step(accepted, "dispatches", new { version = accepted.Version() }, operations.Centre);
        await operations.Step(accepted, "acceptance", new { version = accepted.Version() }, operations.OfficerOf(roads));
        var closed = await operations.Reported(category, operations.Hotline, At("310101", "001-02", "Hotline12345"));
        closed = await operations.Step(closed, "registration", new { version = closed.Version() }, operations.Centre);
        closed = await operations.Step(closed, "dispatches", new { version = closed.Version() }, operations.Centre);
        closed = await operations.Step(closed, "acceptance", new { version = closed.Version() }, operations.OfficerOf(roads));
        closed = await operations.Step(closed, "handling", new { version = closed.Version(), result = "已修复", evidence = Array.Empty<string>() }, operations.OfficerOf(roads));
        closed = await operations.Step(closed, "verifications", new { version = closed.Version(), result = "Passed", note = "已平整", evidence = Array.Empty<string>() }, operations.Inspector());
        closed = await operations.Step(closed, "closing", new { version = closed.Version() }, operations.Centre);
        await operations.Step(closed, "callbacks", new { version = closed.Version(), satisfaction = "Satisfied", note = "" }, operations.Hotline);

        var (onAcceptance, onHandling) = await SeedOverdueAsync(fixture, category, roads);
        var head = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        return new OperationsPageCity(category, closed.Id(), onAcceptance, onHandling, head.Size);
    }

    private static async Task<(Guid OnAcceptance, Guid OnHandling)> SeedOverdueAsync(OperationsPageFixture fixture, string category, string department)
    {
        var centre = new Actor(CityOperations.CentreAgency, "dispatcher.wang");
        var officer = new Actor(department, "officer.li");
        var definition = new CategoryDefinition("道路破损", department, [new SeverityLimits(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(3), TimeLimit.Days(1))]);
        var day = DateTimeOffset.UtcNow.AddDays(-2);
        CaseReported Report(Guid id, string district, string cell) => new(
            id, CaseSource.GridInspector, category, 1, definition, Severity.Routine, new CaseLocation(district, "南京西路街道", $"{district}-{cell}", 31.23, 121.45),
            "窨井盖缺失", [], null, new Actor(CityOperations.CentreAgency, "inspector.zhao"), day);

        var onAcceptance = Guid.NewGuid();
        var onHandling = Guid.NewGuid();
        await using var session = fixture.Store.LightweightSession();
        session.Events.StartStream<Case>(onAcceptance,
            Report(onAcceptance, "310106", "004-11"), new CaseRegistered(onAcceptance, centre, day.AddMinutes(5)),
            new CaseDispatched(onAcceptance, 1, department, day.AddHours(2), centre, day.AddMinutes(10)),
            new CaseOverdue(onAcceptance, LimitKind.Acceptance, day.AddHours(2), SupervisionLevel.District, DateTimeOffset.UtcNow.AddDays(5), day.AddHours(2).AddMinutes(1)));
        session.Events.StartStream<Case>(onHandling,
            Report(onHandling, "310115", "021-07"), new CaseRegistered(onHandling, centre, day.AddMinutes(5)),
            new CaseDispatched(onHandling, 1, department, day.AddHours(2), centre, day.AddMinutes(10)),
            new CaseAccepted(onHandling, 1, department, DateTimeOffset.UtcNow.AddDays(-1), officer, day.AddMinutes(30)));
        await session.SaveChangesAsync();
        return (onAcceptance, onHandling);
    }
}

/// <summary>
/// /operations (一屏观天下) in headless Chromium: the overview at a signed checkpoint as numbers, ECharts charts and tables
/// on a 1920×1080 wall screen and on a phone, the overdue list linking to each case's timeline, and nothing fetched from
/// anywhere but the API's own host. Screenshots: operations-wall.png, operations-phone.png, operations-timeline.png.
/// </summary>
public sealed class OperationsPage(OperationsPageFixture fixture) : IClassFixture<OperationsPageFixture>
{
    private string CentreToken => fixture.TokenFor(new Actor(CityOperations.CentreAgency, "dispatcher.wang"), Roles.Centre);

    /// <summary>The city's cases, once the newest overview counts them all.</summary>
    private async Task<OperationsPageCity> Seeded()
    {
        var city = await fixture.City.Value;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var result = await fixture.Host.Scenario(scenario =>
            {
                scenario.Get.Url("/api/operations/overview");
                scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
                scenario.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode == 200 && result.Json().GetProperty("logSize").GetInt64() >= city.LogSize)
            {
                return city;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no overview covered the cases");
            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> OverviewAt(long size) =>
        (await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/operations/overview?size={size}");
            scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
        })).Json();

    private async Task<IPage> Open(int width, int height, string? token = null)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync($"{fixture.BaseUrl}/operations");
        await page.FillAsync("#token", token ?? CentreToken);
        await page.ClickAsync("#token-form button");
        return page;
    }

    /// <summary>The page drawn from an overview: the log size it says it shows, once its charts have finished animating.</summary>
    private static async Task<long> Drawn(IPage page)
    {
        await page.Locator("#provenance[data-log-size]").WaitForAsync();
        await page.Locator("#district-chart canvas").WaitForAsync();
        await page.WaitForTimeoutAsync(1500);
        return long.Parse((await page.Locator("#provenance").GetAttributeAsync("data-log-size"))!, CultureInfo.InvariantCulture);
    }

    private static async Task<string> Text(IPage page, string selector) => (await page.Locator(selector).TextContentAsync()).ShouldNotBeNull().Trim();

    private static string Percent(JsonElement rate) =>
        rate.ValueKind == JsonValueKind.Null ? "—" : (rate.GetDouble() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    [Fact]
    public async Task the_wall_screen_shows_the_overview_computed_at_a_signed_checkpoint_as_numbers_charts_and_tables()
    {
        var city = await Seeded();
        var page = await Open(1920, 1080);

        var size = await Drawn(page);
        size.ShouldBeGreaterThanOrEqualTo(city.LogSize);
        var overview = await OverviewAt(size);
        var figures = overview.GetProperty("figures");
        figures.GetProperty("cases").GetInt32().ShouldBe(OperationsPageCity.Cases);
        await Text(page, "#cases").ShouldBeAsync($"{OperationsPageCity.Cases}");
        await Text(page, "#open-cases").ShouldBeAsync($"{figures.GetProperty("openCases").GetInt32()}");
        await Text(page, "#overdue-cases").ShouldBeAsync("2");
        await Text(page, "#log-size").ShouldBeAsync($"{size}");
        var provenance = await Text(page, "#provenance");
        provenance.ShouldContain($"first {size} leaves of the log, checkpoint signed at {overview.GetProperty("checkpointTimestamp").GetString()}");
        provenance.ShouldContain($"ledger operations figures --size {size}");

        foreach (var chart in new[] { "#district-chart", "#daily-chart", "#stage-chart" })
        {
            (await page.Locator($"{chart} canvas").CountAsync()).ShouldBeGreaterThan(0, $"{chart} drew no canvas");
        }

        (await page.Locator("#districts tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.district)"))
            .ShouldBe(["310101", "310104", "310106", "310115"]);
        await Text(page, "#districts tbody tr[data-district='310106']").ShouldBeAsync("静安区 310106" + "1" + "1" + "0");
        (await page.Locator("#stages tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.stage)"))
            .ShouldBe(["Reported", "AwaitingDispatch", "Dispatched", "InHandling", "Closed"]);

        var overdue = page.Locator("#overdue tbody tr[data-case]");
        (await overdue.EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.case)")).ShouldBe([$"{city.OverdueOnAcceptance}", $"{city.OverdueOnHandling}"]);
        var first = await Text(page, $"#overdue tbody tr[data-case='{city.OverdueOnAcceptance}']");
        first.ShouldContain($"道路破损 {city.Category}");
        first.ShouldContain("静安区");
        first.ShouldContain("待签收 Dispatched");
        first.ShouldContain("签收 Acceptance");
        first.ShouldContain("区级督办 District");
        (await Text(page, $"#overdue tbody tr[data-case='{city.OverdueOnHandling}']")).ShouldContain("处置 Handling");
        (await page.Locator("#grid-cells tbody tr").CountAsync()).ShouldBe(5);

        await page.ClickAsync("#periods button[data-period='all-time']");
        var allTime = figures.GetProperty("periods").EnumerateArray().Single(period => string.Equals(period.GetProperty("period").GetString(), "all-time", StringComparison.Ordinal)).GetProperty("figures");
        await Text(page, "#closing-rate").ShouldBeAsync(Percent(allTime.GetProperty("closingRate")));
        await Text(page, "#on-time-rate").ShouldBeAsync(Percent(allTime.GetProperty("onTimeClosingRate")));
        await Text(page, "#satisfaction-rate").ShouldBeAsync("100.0%");
        (await Text(page, "#mean-time")).ShouldEndWith("分");
        (await Text(page, "#refreshed")).ShouldContain("Last refreshed");

        // One screen: nothing below the fold at 1920×1080.
        (await page.EvaluateAsync<int>("document.documentElement.scrollHeight")).ShouldBeLessThanOrEqualTo(1080);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "operations-wall.png") });
    }

    [Fact]
    public async Task an_overdue_case_links_to_its_timeline_with_each_events_position_in_the_log()
    {
        var city = await Seeded();
        var page = await Open(1920, 1080);
        await Drawn(page);

        await page.ClickAsync($"#overdue tbody tr[data-case='{city.OverdueOnAcceptance}'] a");

        await page.Locator("#timeline tbody tr[data-event]").First.WaitForAsync();
        page.Url.ShouldEndWith($"/operations/#case/{city.OverdueOnAcceptance}");
        (await page.Locator("#overview").IsHiddenAsync()).ShouldBeTrue();
        var status = (await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/cases/{city.OverdueOnAcceptance}");
            scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
        })).Json();
        var expected = status.GetProperty("timeline").EnumerateArray().Select(entry => entry.GetProperty("position").GetInt64().ToString(CultureInfo.InvariantCulture)).ToList();
        expected.Count.ShouldBe(4);
        (await page.Locator("#timeline tbody tr td:first-child").AllTextContentsAsync()).ShouldBe(expected);
        (await page.Locator("#timeline tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.event)"))
            .ShouldBe(["case_reported.v1", "case_registered.v1", "case_dispatched.v1", "case_overdue.v1"]);
        (await Text(page, "#case-facts")).ShouldContain("区级督办 District");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "operations-timeline.png") });

        await page.ClickAsync("#back");
        await page.Locator("#overview").WaitForAsync();
        (await page.Locator("#case-view").IsHiddenAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task on_a_phone_the_panels_stand_in_one_column_without_sideways_scrolling()
    {
        await Seeded();
        var page = await Open(390, 844);
        await Drawn(page);

        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var panel in new[] { "#headline", "#performance", "#districts-panel", "#daily-panel", "#stages-panel", "#grid-panel", "#overdue-panel" })
        {
            boxes.Add((await page.Locator(panel).BoundingBoxAsync()).ShouldNotBeNull());
        }

        boxes.ShouldAllBe(box => box.X < 20 && box.Width > 340 && box.X + box.Width <= 390);
        boxes.Zip(boxes.Skip(1)).ShouldAllBe(pair => pair.Second.Y >= pair.First.Y + pair.First.Height);
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        (await page.Locator("#daily-chart canvas").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "operations-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task the_page_and_echarts_come_from_the_api_host_alone()
    {
        await Seeded();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var requested = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => requested.Enqueue(request.Url);
        await page.GotoAsync($"{fixture.BaseUrl}/operations");
        page.Url.ShouldBe($"{fixture.BaseUrl}/operations/");
        await page.FillAsync("#token", CentreToken);
        await page.ClickAsync("#token-form button");
        await Drawn(page);
        await page.ClickAsync("#overdue tbody tr[data-case] a");
        await page.Locator("#timeline tbody tr[data-event]").First.WaitForAsync();

        requested.ShouldContain(url => string.Equals(url, $"{fixture.BaseUrl}/vendor/echarts.min.js", StringComparison.Ordinal));
        requested.ShouldContain(url => string.Equals(url, $"{fixture.BaseUrl}/api/operations/overview", StringComparison.Ordinal));
        requested.ShouldAllBe(url => url.StartsWith(fixture.BaseUrl + "/", StringComparison.Ordinal));

        using var echarts = await fixture.Http.GetAsync($"{fixture.BaseUrl}/vendor/echarts.min.js");
        echarts.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        echarts.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/javascript");
        (await echarts.Content.ReadAsStringAsync()).ShouldContain("Apache License");
    }

    [Fact]
    public async Task a_token_that_is_not_valid_or_may_not_read_cases_gets_a_plain_message()
    {
        var page = await Open(1280, 800, "not-a-token");
        await page.Locator("#message:has-text('The token is missing, invalid or expired')").WaitForAsync();
        (await page.Locator("#overview").IsHiddenAsync()).ShouldBeTrue();

        await page.FillAsync("#token", fixture.TokenFor(new Actor("11310000MB2F00009X", "portal.svc"), Roles.Portal));
        await page.ClickAsync("#token-form button");
        await page.Locator("#message:has-text('may not read cases')").WaitForAsync();
    }
}

internal static class PageText
{
    public static async Task ShouldBeAsync(this Task<string> text, string expected) => (await text).ShouldBe(expected);
}
