using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;

namespace Ledger.Api.Tests.Incidents;

/// <summary>
/// The people of city operations as one test sees them, with their tokens: a command centre's dispatcher, two grid
/// inspectors, a 12345 hotline operator, and departments (fresh credit codes per test).
/// </summary>
public sealed class CityOperations(ApiFixture fixture)
{
    public const string CentreAgency = "11310000MB2F00002A";

    public const string HotlineAgency = "11310000MB2F00003Y";

    public City City { get; } = new(fixture);

    public string Centre => fixture.TokenFor(new Actor(CentreAgency, "dispatcher.wang"), Roles.Centre);

    public string Hotline => fixture.TokenFor(new Actor(HotlineAgency, "operator.sun"), Roles.Hotline);

    public string Inspector(string officer = "inspector.zhao") => fixture.TokenFor(new Actor(CentreAgency, officer), Roles.Inspector);

    public string OfficerOf(string department) => City.OfficerOf(department);

    public static string NewDepartment() => City.NewAgencyCode();

    public static string Hash(string content) => Requests.Sha256Of(content);

    /// <summary>A category whose cases go to <paramref name="department"/> by default, with the given routine-case limits.</summary>
    public async Task<string> PublishCategory(string department, string name = "道路破损", object? acceptance = null, object? handling = null, object? verification = null)
    {
        var code = $"ROAD-{RandomNumberGenerator.GetInt32(100_000, 999_999)}";
        await City.Send(HttpMethod.Post, "/api/incidents/categories", new
        {
            code,
            definition = new
            {
                name,
                defaultDepartment = department,
                limits = new[]
                {
                    new
                    {
                        severity = "Routine",
                        acceptance = acceptance ?? new { amount = 2, unit = "WorkingHours" },
                        handling = handling ?? new { amount = 3, unit = "WorkingDays" },
                        verification = verification ?? new { amount = 1, unit = "WorkingDays" },
                    },
                },
            },
        }, City.AdminToken, 201);
        return code;
    }

    public static object Location(string district = "310101", string gridCell = "310101-001-02", double latitude = 31.2304, double longitude = 121.4737) =>
        new { district, street = "南京东路街道", gridCell, latitude, longitude };

    public static object Report(string category, string source = "GridInspector", object? location = null, object? reporter = null, string description = "人行道板松动, 约两平方米") => new
    {
        source,
        categoryCode = category,
        severity = "Routine",
        location = location ?? Location(),
        description,
        attachments = new[] { Hash(description) },
        reporter,
    };

    /// <summary>Reports a case from a grid inspector (or as <paramref name="token"/>) and answers its status.</summary>
    public async Task<JsonElement> Reported(string category, string? token = null, object? report = null) =>
        (await City.Send(HttpMethod.Post, "/api/cases", report ?? Report(category), token ?? Inspector(), 201)).GetProperty("status");

    public Task<JsonElement> Step(JsonElement status, string step, object body, string token, int expected = 200) =>
        City.Send(HttpMethod.Post, $"/api/cases/{status.Id()}/{step}", body, token, expected);

    public Task<JsonElement> Read(Guid id) => City.Send(HttpMethod.Get, $"/api/cases/{id}", null, Centre, 200);

    /// <summary>A registered case dispatched to <paramref name="department"/>.</summary>
    public async Task<JsonElement> Dispatched(string category, string department)
    {
        var status = await Reported(category);
        status = await Step(status, "registration", new { version = status.Version() }, Centre);
        return await Step(status, "dispatches", new { version = status.Version(), department }, Centre);
    }
}
