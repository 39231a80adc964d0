using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Api.Tests.Log;
using Ledger.Domain.Identity;
using Npgsql;

namespace Ledger.Api.Tests.Audit;

/// <summary>A database of its own: these tests alter it behind the API's back.</summary>
public sealed class TamperFixture : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_tamper";
}

/// <summary>
/// Each test writes directly to PostgreSQL, as an insider with database access could, and the full audit must name
/// exactly what was done. The tests share one database and each looks only for its own tampering.
/// </summary>
public sealed class TamperingBehindTheApi(TamperFixture fixture) : IClassFixture<TamperFixture>
{
    private string AuditorToken => fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhou"), "auditor");

    /// <summary>A fresh agency's registration event, logged and covered by a signed checkpoint: its stream and position.</summary>
    private async Task<(Guid Stream, long Position)> ALoggedEvent()
    {
        var city = await new City(fixture).WithPortal();
        var agency = await city.RegisterAgency("上海市绿化和市容管理局", "黄浦", "HWZP");
        var stream = StreamIds.ForAgency(agency);
        var position = await Scalar<long>("select seq_id from ledger.mt_events where stream_id = $1 and version = 1", stream);
        await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        await CheckpointCovering(position);
        return (stream, position);
    }

    private async Task CheckpointCovering(long position)
    {
        var leaf = await Scalar<long>("select leaf_index from ledger.log_leaves where seq_id = $1", position);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Scalar<long>("select coalesce(max((data->>'treeSize')::bigint), 0) from ledger.mt_doc_checkpointrecord") <= leaf)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "no checkpoint covered the event");
            await Task.Delay(200);
        }
    }

    private static List<JsonElement> FindingsAt(JsonElement report, long position) =>
        [.. report.GetProperty("logFindings").EnumerateArray().Where(finding => finding.GetProperty("position") is { ValueKind: JsonValueKind.Number } at && at.GetInt64() == position)];

    [Fact]
    public async Task changing_one_events_data_is_flagged_at_that_event()
    {
        var (stream, position) = await ALoggedEvent();

        await Execute("update ledger.mt_events set data = jsonb_set(data, '{name}', '\"上海市篡改局\"') where seq_id = $1", position);

        var finding = FindingsAt(await fixture.FullAudit(AuditorToken), position).ShouldHaveSingleItem();
        finding.GetProperty("kind").GetString().ShouldBe("event-altered");
        finding.GetProperty("stream").GetGuid().ShouldBe(stream);
        finding.GetProperty("version").GetInt64().ShouldBe(1);
        finding.GetProperty("what").GetString().ShouldNotBeNull().ShouldContain("$.data.name");
        finding.GetProperty("provenBy").GetString().ShouldNotBeNull().ShouldContain("checkpoint");
    }

    [Fact]
    public async Task deleting_an_event_is_flagged()
    {
        var (stream, position) = await ALoggedEvent();

        await Execute("delete from ledger.mt_events where seq_id = $1", position);

        var finding = FindingsAt(await fixture.FullAudit(AuditorToken), position).ShouldHaveSingleItem();
        finding.GetProperty("kind").GetString().ShouldBe("event-deleted");
        finding.GetProperty("stream").GetGuid().ShouldBe(stream);
    }

    [Fact]
    public async Task swapping_two_events_order_is_flagged_at_both()
    {
        var (_, first) = await ALoggedEvent();
        var second = await Scalar<long>("select min(seq_id) from ledger.mt_events where seq_id > $1", first);
        await fixture.LoggedThrough(second);

        await Execute("update ledger.mt_events set seq_id = -seq_id where seq_id = $1", first);
        await Execute("update ledger.mt_events set seq_id = $1 where seq_id = $2", first, second);
        await Execute("update ledger.mt_events set seq_id = $1 where seq_id = $2", second, -first);

        var report = await fixture.FullAudit(AuditorToken);
        FindingsAt(report, first).ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("event-altered");
        FindingsAt(report, second).ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("event-altered");
    }

    [Fact]
    public async Task rewriting_an_event_and_the_whole_log_consistently_is_still_caught_by_the_signed_checkpoint()
    {
        var (_, position) = await ALoggedEvent();

        // The insider alters the event and has the log rebuilt from the altered history: leaves, nodes and head agree again.
        await Execute("update ledger.mt_events set data = jsonb_set(data, '{district}', '\"浦东\"') where seq_id = $1", position);
        await Execute("""
            begin;
            select 1 from ledger.log_head where id = 1 for update;
            delete from ledger.log_leaves; delete from ledger.log_nodes; delete from ledger.log_gaps;
            update ledger.log_head set size = 0, last_seq_id = 0, root = decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex');
            commit;
            """);
        await fixture.LoggedThrough(await fixture.Store.LastEventPosition());

        var report = await fixture.FullAudit(AuditorToken);

        FindingsAt(report, position).ShouldBeEmpty();
        var mismatch = report.GetProperty("logFindings").EnumerateArray().First(finding => string.Equals(finding.GetProperty("kind").GetString(), "root-mismatch", StringComparison.Ordinal));
        mismatch.GetProperty("provenBy").GetString().ShouldNotBeNull().ShouldContain("checkpoint");
        report.GetProperty("passed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task editing_a_read_model_row_is_flagged_by_the_projection_check()
    {
        var (stream, _) = await ALoggedEvent();

        await Execute("update ledger.mt_doc_agencyprofile set data = jsonb_set(data, '{name}', '\"上海市假冒局\"') where id = $1", stream);

        var report = await fixture.FullAudit(AuditorToken);
        var finding = report.GetProperty("readModelFindings").EnumerateArray().Single(finding => finding.GetProperty("id").GetGuid() == stream);
        finding.GetProperty("readModel").GetString().ShouldBe("AgencyProfile");
        finding.GetProperty("what").GetString().ShouldNotBeNull().ShouldContain("$.name");
    }

    [Fact]
    public async Task only_auditors_and_administrators_start_an_audit() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Url("/api/audit/runs");
            scenario.WithRequestHeader("Authorization", "Bearer " + fixture.TokenFor(new Actor("11310000MB2F123457", "officer.wang"), Roles.Officer));
            scenario.StatusCodeShouldBe(403);
        });

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Scalar<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
