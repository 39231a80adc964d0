using System.Text.Json;
using Alba;
using Ledger.Api.Tests.Log;
using Ledger.Cli;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Microsoft.AspNetCore.Hosting;
using Ledger.Api.Identity;
using Npgsql;
using Case = Ledger.Domain.Incidents.Case;

namespace Ledger.Api.Tests.Operations;

/// <summary>A database of its own, with nothing in it but the cases these tests append, and an overview computed at once.</summary>
public sealed class OperationsFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_operations";

    protected override bool FreshDatabase => true;

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Ledger:Operations:IntervalSeconds", "0");
        web.UseSetting("Ledger:Operations:PollMilliseconds", "200");
    }

    /// <summary>Three cases appended straight to the event store, once: their size once logged, and the position of the overdue one's dispatch.</summary>
    public Lazy<Task<long>> Seeded { get; }

    public OperationsFixture() => Seeded = new(SeedAsync);

    private const string Police = "11310000MB2F12349K";
    private static readonly Actor Centre = new("11310101MB2F00001X", "dispatcher.wang");
    public static readonly Guid Closed = Guid.NewGuid();
    public static readonly Guid Overdue = Guid.NewGuid();
    public static readonly Guid Reported = Guid.NewGuid();

    private async Task<long> SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var limits = new SeverityLimits(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(5), TimeLimit.Days(1));
        var definition = new CategoryDefinition("道路破损", Police, [limits]);
        CaseReported Report(Guid id, string district, DateTimeOffset at) => new(
            id, CaseSource.GridInspector, "ROAD-DAMAGE", 1, definition, Severity.Routine, new CaseLocation(district, "外滩街道", district + "-002-017", 31.24, 121.49),
            "路面塌陷", [], null, Centre, at);

        await using var session = Store.LightweightSession();
        session.Events.StartStream<Category>(Category.StreamId("ROAD-DAMAGE"), CategoryDecisions.Decide(new PublishCategory("ROAD-DAMAGE", definition, Centre), now.AddDays(-10)));
        var day = now.AddDays(-2);
        session.Events.StartStream<Case>(Closed,
            Report(Closed, "310101", day), new CaseRegistered(Closed, Centre, day.AddMinutes(5)),
            new CaseDispatched(Closed, 1, Police, day.AddHours(2), Centre, day.AddMinutes(10)),
            new CaseAccepted(Closed, 1, Police, now.AddDays(3), new Actor(Police, "officer.li"), day.AddMinutes(30)),
            new CaseHandled(Closed, 1, Police, "已修复", [], now.AddDays(1), new Actor(Police, "officer.li"), day.AddHours(5)),
            new VerificationPassed(Closed, "现场已恢复", [], Centre, day.AddHours(6)),
            new CaseClosed(Closed, Centre, day.AddHours(7)),
            new CallbackRecorded(Closed, Satisfaction.Satisfied, "", Centre, day.AddHours(8)));
        session.Events.StartStream<Case>(Overdue,
            Report(Overdue, "310104", day), new CaseRegistered(Overdue, Centre, day.AddMinutes(5)),
            new CaseDispatched(Overdue, 1, Police, day.AddHours(2), Centre, day.AddMinutes(10)));
        session.Events.StartStream<Case>(Reported, Report(Reported, "310104", now.AddHours(-1)));
        await session.SaveChangesAsync();
        var head = await this.LoggedThrough(await Store.LastEventPosition());
        return head.Size;
    }
}

/// <summary>
/// The city overview is computed from the log's leaves at a signed checkpoint, and an auditor's `ledger operations figures`
/// recomputes it from the leaves alone: it matches, and anything altered behind the API makes it differ.
/// </summary>
public sealed class CityOverviewFromTheLog(OperationsFixture fixture) : IClassFixture<OperationsFixture>
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhou"), Roles.Auditor);

    private string CentreToken => fixture.TokenFor(new Actor("11310101MB2F00001X", "dispatcher.wang"), Roles.Centre);

    /// <summary>The newest overview, once one covers the seeded cases.</summary>
    private async Task<JsonElement> Overview()
    {
        var logged = await fixture.Seeded.Value;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await fixture.Host.Scenario(scenario =>
            {
                scenario.Get.Url("/api/operations/overview");
                scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
                scenario.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode == 200 && result.Json() is var overview && overview.GetProperty("logSize").GetInt64() >= logged)
            {
                return overview;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no overview covered the cases");
            await Task.Delay(200);
        }
    }

    private static Task<(int Exit, string Out, string Error)> Ledger(params string[] args) => Task.Run(() =>
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(""), output, error));
        return (exit, output.ToString(), error.ToString());
    });

    [Fact]
    public async Task the_overview_counts_the_cases_in_the_log_at_a_signed_checkpoint()
    {
        var overview = await Overview();

        var figures = overview.GetProperty("figures");
        figures.GetProperty("cases").GetInt32().ShouldBe(3);
        figures.GetProperty("openCases").GetInt32().ShouldBe(1);
        figures.GetProperty("overdueCases").GetInt32().ShouldBe(1);
        figures.GetProperty("overdue")[0].GetProperty("caseId").GetGuid().ShouldBe(OperationsFixture.Overdue);
        figures.GetProperty("overdue")[0].GetProperty("kind").GetString().ShouldBe("Acceptance");
        var allTime = figures.GetProperty("periods").EnumerateArray().Single(period => string.Equals(period.GetProperty("period").GetString(), "all-time", StringComparison.Ordinal)).GetProperty("figures");
        (allTime.GetProperty("due").GetInt32(), allTime.GetProperty("closed").GetInt32(), allTime.GetProperty("dispatches").GetInt32()).ShouldBe((1, 1, 2));
        allTime.GetProperty("closingRate").GetDouble().ShouldBe(1);
        allTime.GetProperty("satisfactionRate").GetDouble().ShouldBe(1);
        figures.GetProperty("districts").EnumerateArray().Select(district => district.GetProperty("district").GetString()).ShouldBe(["310101", "310104"]);
        var checkpoints = (await fixture.Host.GetAsJson<JsonElement>("/api/ledger/checkpoints?count=1000")).EnumerateArray();
        checkpoints.Select(checkpoint => checkpoint.GetProperty("treeSize").GetInt64()).ShouldContain(overview.GetProperty("logSize").GetInt64());
    }

    [Fact]
    public async Task a_caller_that_accepts_gzip_gets_the_same_overview_compressed()
    {
        var plain = await Overview();

        var compressed = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/operations/overview");
            scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
            scenario.WithRequestHeader("Accept-Encoding", "br;q=1.0, gzip;q=0.8");
            scenario.Header("Content-Encoding").SingleValueShouldEqual("gzip");
            scenario.Header("Vary").SingleValueShouldEqual("Accept-Encoding");
        });

        using var body = new MemoryStream();
        await compressed.Context.Response.Body.CopyToAsync(body);
        body.Position = 0;
        await using var unpacked = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        var overview = await JsonSerializer.DeserializeAsync<JsonElement>(unpacked);
        overview.GetProperty("logSize").GetInt64().ShouldBeGreaterThanOrEqualTo(plain.GetProperty("logSize").GetInt64());
        overview.GetProperty("figures").GetProperty("cases").GetInt32().ShouldBe(plain.GetProperty("figures").GetProperty("cases").GetInt32());
    }

    [Fact]
    public async Task the_auditor_recomputes_every_figure_from_the_leaves_and_they_match()
    {
        var size = (await Overview()).GetProperty("logSize").GetInt64();
        await using var front = await ApiFront.StartAsync(fixture.Host);

        var (exit, output, error) = await Ledger("operations", "figures", "--api", front.Url, "--token", AuditorToken, "--size", $"{size}", "--page-size", "5");

        exit.ShouldBe(0, output + error);
        output.ShouldContain($"overview at log size {size}");
        output.ShouldContain("local days at UTC+08:00 (as the overview states)");
        output.ShouldContain("match: all");
    }

    [Fact]
    public async Task a_figure_altered_in_the_stored_overview_is_named_as_differing()
    {
        var size = (await Overview()).GetProperty("logSize").GetInt64();
        await using var front = await ApiFront.StartAsync(fixture.Host);
        await Execute("update ledger.mt_doc_operationsoverviewsnapshot set data = jsonb_set(data, '{figures,overdueCases}', '0') where id = $1", size);
        try
        {
            var (exit, output, error) = await Ledger("operations", "figures", "--api", front.Url, "--token", AuditorToken, "--size", $"{size}");

            exit.ShouldBe(1, output + error);
            output.ShouldContain("differs: 1 of");
            output.ShouldContain("overdueCases");
        }
        finally
        {
            await Execute("update ledger.mt_doc_operationsoverviewsnapshot set data = jsonb_set(data, '{figures,overdueCases}', '1') where id = $1", size);
        }
    }

    [Fact]
    public async Task a_case_event_altered_in_the_log_behind_the_api_is_not_recomputed_from()
    {
        var size = (await Overview()).GetProperty("logSize").GetInt64();
        await using var front = await ApiFront.StartAsync(fixture.Host);
        const string leaf = "(select l.leaf_index from ledger.log_leaves l join ledger.mt_events e on e.seq_id = l.seq_id where e.stream_id = $1 and e.version = 3)";
        await Execute($"update ledger.log_leaves set canonical = convert_to(replace(convert_from(canonical, 'UTF8'), '\"dispatch\":1', '\"dispatch\":2'), 'UTF8') where leaf_index = {leaf}", OperationsFixture.Overdue);
        try
        {
            var (exit, output, error) = await Ledger("operations", "figures", "--api", front.Url, "--token", AuditorToken, "--size", $"{size}");

            exit.ShouldBe(1, output + error);
            output.ShouldContain("leaf-altered");
            output.ShouldContain("not verified: the leaves served are not those of the signed checkpoint");
        }
        finally
        {
            await Execute($"update ledger.log_leaves set canonical = convert_to(replace(convert_from(canonical, 'UTF8'), '\"dispatch\":2', '\"dispatch\":1'), 'UTF8') where leaf_index = {leaf}", OperationsFixture.Overdue);
        }
    }

    [Fact]
    public async Task an_overview_at_a_size_never_computed_is_not_found_and_names_the_newest()
    {
        var newest = (await Overview()).GetProperty("logSize").GetInt64();

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/api/operations/overview?size=999999999");
            scenario.WithRequestHeader("Authorization", "Bearer " + CentreToken);
            scenario.StatusCodeShouldBe(404);
        });

        var problem = result.Json();
        problem.GetProperty("code").GetString().ShouldBe("no-overview-at-size");
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain($"the newest is at {newest}");
    }

    private async Task Execute(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
