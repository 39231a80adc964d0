using System.Text.Json;
using Alba;
using Ledger.Api.Tests.Log;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Audit;

/// <summary>
/// A node of the ledger whose audits are followed across a restart: the first one starts on a fresh database, the next
/// one on the same database with the same checkpoint key.
/// </summary>
public sealed class AuditNode(AuditNode? previous = null) : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_audit_restart";

    protected override bool FreshDatabase => previous is null;

    protected override void Configure(IWebHostBuilder web)
    {
        if (previous is not null)
        {
            web.UseSetting("Ledger:CheckpointKey", previous.CheckpointKeyPem);
        }
    }
}

public class AuditRunsAcrossRestarts
{
    private static async Task<JsonElement> Run(ApiFixture node, string location, string token) =>
        (await node.Host.Scenario(scenario =>
        {
            scenario.Get.Url(location);
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
        })).Json();

    private static async Task<JsonElement> Until(ApiFixture node, string location, string token, Func<string, bool> status, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = await Run(node, location, token);
            if (status(run.GetProperty("status").GetString()!))
            {
                return run;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, because + ": " + run.GetRawText());
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task an_audit_run_whose_host_stops_in_the_middle_is_finished_by_the_next_host()
    {
        var first = new AuditNode();
        await first.InitializeAsync();
        var city = await new City(first).WithPortal();
        await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        await first.LoggedThrough(await first.LastBusinessEventPosition());
        var auditor = first.TokenFor(City.Administrator, Identity.Roles.Auditor);

        // Holding the event table keeps the audit waiting in the middle of its run, until the host stops under it.
        await using var hold = new NpgsqlConnection(first.ConnectionString);
        await hold.OpenAsync();
        await using var holding = await hold.BeginTransactionAsync();
        await using (var lockEvents = new NpgsqlCommand("lock table ledger.mt_events in access exclusive mode", hold, holding))
        {
            await lockEvents.ExecuteNonQueryAsync();
        }

        var started = await first.Host.Scenario(scenario =>
        {
            scenario.Post.Url("/api/audit/runs");
            scenario.WithRequestHeader("Authorization", "Bearer " + auditor);
            scenario.StatusCodeShouldBe(202);
        });
        var location = started.Json().GetProperty("location").GetString()!;
        await Until(first, location, auditor, status => string.Equals(status, "Running", StringComparison.Ordinal), "the audit did not start");
        await first.Host.StopAsync();
        await holding.RollbackAsync();
        await first.DisposeAsync();

        var second = new AuditNode(first);
        await second.InitializeAsync();
        try
        {
            var run = await Until(second, location, second.TokenFor(City.Administrator, Identity.Roles.Auditor), status => status is "Passed" or "Failed" or "Error", "the next host did not finish the audit");

            run.GetProperty("status").GetString().ShouldBe("Passed", run.GetRawText());
            run.GetProperty("report").GetProperty("leavesChecked").GetInt64().ShouldBeGreaterThan(0);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
