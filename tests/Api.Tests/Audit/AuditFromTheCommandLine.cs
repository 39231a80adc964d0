using System.Text.Json;
using Ledger.Api.Tests.Log;
using Ledger.Cli;
using Ledger.Domain.Identity;
using Npgsql;

namespace Ledger.Api.Tests.Audit;

/// <summary>A database only this test writes to, so that a clean audit is really clean.</summary>
public sealed class QuietFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_quiet";

    protected override bool FreshDatabase => true;
}

/// <summary>An auditor runs `ledger audit` against the database with nothing but the published verifier key.</summary>
public sealed class AuditFromTheCommandLine(QuietFixture fixture) : IClassFixture<QuietFixture>
{
    private (int Exit, string Out, string Error) Ledger(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LedgerCommand.Run(args, new Terminal(new StringReader(""), output, error));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task an_untouched_ledger_passes_and_one_altered_event_is_named_as_the_first_divergence()
    {
        // Given a quiet ledger with some history, all logged
        var city = await new City(fixture).WithPortal();
        var agency = await city.RegisterAgency("上海市交通委员会", "静安", "DLYS");
        await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        var key = JsonDocument.Parse(await Alba.AlbaHostExtensions.GetAsText(fixture.Host, "/api/ledger/key")).RootElement.GetProperty("verifierKey").GetString()!;
        string[] audit = ["audit", "--connection", fixture.ConnectionString, "--key", key];

        // When the auditor runs the audit, it passes
        var clean = Ledger(audit);
        clean.Exit.ShouldBe(0, clean.Out + clean.Error);
        clean.Out.ShouldContain("verified:");

        // And when one event is altered behind the API's back, the audit names it
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand("update ledger.mt_events set data = jsonb_set(data, '{district}', '\"徐汇\"') where stream_id = $1 and version = 1", connection)
            {
                Parameters = { new() { Value = StreamIds.ForAgency(agency) } },
            };
            (await alter.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var tampered = Ledger(audit);
        tampered.Exit.ShouldBe(1, tampered.Out);
        tampered.Out.ShouldContain($"stream {StreamIds.ForAgency(agency)}, version 1: event-altered");
        tampered.Out.ShouldContain("$.data.district");
    }

    [Fact]
    public void an_unreachable_database_is_bad_input()
    {
        var (exit, _, error) = Ledger("audit", "--connection", "Host=127.0.0.1;Port=9;Username=x;Password=y;Timeout=2", "--key", "a+00000000+AA==");

        exit.ShouldBe(2);
        error.ShouldNotBeEmpty();
    }
}
