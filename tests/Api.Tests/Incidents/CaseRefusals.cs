using System.Text.Json;
using Ledger.Projections.Incidents;
using Marten;

namespace Ledger.Api.Tests.Incidents;

/// <summary>Bad input and commands out of turn: each a problem details response with a stable code, appending nothing.</summary>
[Collection(ApiCollection.Name)]
public class CaseRefusals(ApiFixture fixture)
{
    private async Task ReportRefused(object report, int status, string code, string? token = null)
    {
        var operations = new CityOperations(fixture);
        var marker = Guid.NewGuid().ToString("N");
        var refused = await operations.City.Send(HttpMethod.Post, "/api/cases", Marked(report, marker), token ?? operations.Inspector(), status);

        refused.GetProperty("code").GetString().ShouldBe(code);
        await using var query = fixture.Store.QuerySession();
        (await query.Query<CaseStatus>().CountAsync(status => status.Description == marker)).ShouldBe(0, "a refused report starts no case");
    }

    private static object Marked(object report, string marker)
    {
        var json = JsonSerializer.SerializeToNode(report)!.AsObject();
        json["description"] = marker;
        return json;
    }

    [Fact]
    public async Task a_report_of_an_unknown_category_is_refused() =>
        await ReportRefused(CityOperations.Report("NO-SUCH-CATEGORY"), 422, "unknown-category");

    [Theory]
    [InlineData(91.0, 121.47, "location-outside-city")]
    [InlineData(39.90, 116.40, "location-outside-city")]
    public async Task a_report_outside_shanghai_or_wgs84_is_refused(double latitude, double longitude, string code)
    {
        var category = await new CityOperations(fixture).PublishCategory(CityOperations.NewDepartment());
        await ReportRefused(CityOperations.Report(category, location: CityOperations.Location(latitude: latitude, longitude: longitude)), 422, code);
    }

    [Theory]
    [InlineData("310199", "310199-001-01", "unknown-district")]
    [InlineData("310101", "310104-001-01", "unknown-grid-cell")]
    public async Task a_report_in_a_district_or_grid_cell_that_does_not_exist_is_refused(string district, string gridCell, string code)
    {
        var category = await new CityOperations(fixture).PublishCategory(CityOperations.NewDepartment());
        await ReportRefused(CityOperations.Report(category, location: CityOperations.Location(district, gridCell)), 422, code);
    }

    [Fact]
    public async Task an_inspector_cannot_report_as_the_hotline()
    {
        var operations = new CityOperations(fixture);
        var category = await operations.PublishCategory(CityOperations.NewDepartment());
        await ReportRefused(CityOperations.Report(category, "Hotline12345"), 422, "source-not-yours", operations.Inspector());
    }

    [Fact]
    public async Task a_department_the_case_is_not_dispatched_to_cannot_accept_it_and_nothing_is_appended()
    {
        var operations = new CityOperations(fixture);
        var (roads, other) = (CityOperations.NewDepartment(), CityOperations.NewDepartment());
        var dispatched = await operations.Dispatched(await operations.PublishCategory(roads), roads);

        var refused = await operations.Step(dispatched, "acceptance", new { version = dispatched.Version() }, operations.OfficerOf(other), 422);

        refused.GetProperty("code").GetString().ShouldBe("not-dispatched-department");
        (await operations.Read(dispatched.Id())).Version().ShouldBe(dispatched.Version());
    }

    [Fact]
    public async Task a_stale_version_is_a_conflict()
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var dispatched = await operations.Dispatched(await operations.PublishCategory(roads), roads);

        var refused = await operations.Step(dispatched, "acceptance", new { version = dispatched.Version() - 1 }, operations.OfficerOf(roads), 409);

        refused.GetProperty("status").GetInt32().ShouldBe(409);
        (await operations.Read(dispatched.Id())).Version().ShouldBe(dispatched.Version());
    }

    [Fact]
    public async Task a_case_cannot_be_closed_before_a_passed_verification()
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var status = await operations.Dispatched(await operations.PublishCategory(roads), roads);
        status = await operations.Step(status, "acceptance", new { version = status.Version() }, operations.OfficerOf(roads));
        status = await operations.Step(status, "handling", new { version = status.Version(), result = "已修复", evidence = Array.Empty<string>() }, operations.OfficerOf(roads));

        var refused = await operations.Step(status, "closing", new { version = status.Version() }, operations.Centre, 422);

        refused.GetProperty("code").GetString().ShouldBe("not-verified");
    }

    [Fact]
    public async Task a_department_cannot_dispatch_and_a_centre_cannot_accept()
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var status = await operations.Reported(await operations.PublishCategory(roads));
        status = await operations.Step(status, "registration", new { version = status.Version() }, operations.Centre);

        await operations.Step(status, "dispatches", new { version = status.Version() }, operations.OfficerOf(roads), 403);
        status = await operations.Step(status, "dispatches", new { version = status.Version() }, operations.Centre);
        await operations.Step(status, "acceptance", new { version = status.Version() }, operations.Centre, 403);
    }

    [Fact]
    public async Task a_case_that_does_not_exist_is_not_found()
    {
        var operations = new CityOperations(fixture);
        await operations.City.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", null, operations.Centre, 404);
        await operations.City.Send(HttpMethod.Post, $"/api/cases/{Guid.NewGuid()}/registration", new { version = 1 }, operations.Centre, 404);
    }

    [Theory]
    [InlineData("overdue=perhaps")]
    [InlineData("stage=Lost")]
    [InlineData("limit=100000")]
    public async Task a_case_search_with_a_value_that_does_not_parse_is_a_bad_request(string query)
    {
        var operations = new CityOperations(fixture);
        var refused = await operations.City.Send(HttpMethod.Get, "/api/cases?" + query, null, operations.Centre, 400);
        refused.GetProperty("status").GetInt32().ShouldBe(400);
        refused.TryGetProperty("code", out _).ShouldBeTrue();
    }
}
