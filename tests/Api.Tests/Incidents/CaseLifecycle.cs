using System.Text.Json;
using Ledger.Projections.Incidents;
using Marten;

namespace Ledger.Api.Tests.Incidents;

/// <summary>A case through the public API from the hotline's report to the citizen's callback, every step by the role whose turn it is.</summary>
[Collection(ApiCollection.Name)]
public class CaseLifecycle(ApiFixture fixture)
{
    private static string Stage(JsonElement status) => status.GetProperty("stage").GetString()!;

    [Fact]
    public async Task a_hotline_case_is_returned_redispatched_extended_fails_verification_once_and_closes_with_a_callback()
    {
        var operations = new CityOperations(fixture);
        var (roads, greening) = (CityOperations.NewDepartment(), CityOperations.NewDepartment());
        var category = await operations.PublishCategory(greening);
        var caller = new { kind = "Person", name = "李梅", identityNumber = City.NewResidentIdentityNumber(), phone = "13800138000" };

        var status = await operations.Reported(category, operations.Hotline, CityOperations.Report(category, "Hotline12345", reporter: caller));
        status.GetProperty("anonymous").GetBoolean().ShouldBeFalse();
        status = await operations.Step(status, "registration", new { version = status.Version() }, operations.Centre);
        status = await operations.Step(status, "dispatches", new { version = status.Version() }, operations.Centre);
        status.GetProperty("department").GetString().ShouldBe(greening, "dispatched by default to the category's department");

        status = await operations.Step(status, "returns", new { version = status.Version(), reason = "人行道属道路养护范围" }, operations.OfficerOf(greening));
        Stage(status).ShouldBe("AwaitingDispatch");
        status = await operations.Step(status, "dispatches", new { version = status.Version(), department = roads }, operations.Centre);
        status = await operations.Step(status, "acceptance", new { version = status.Version() }, operations.OfficerOf(roads));
        Stage(status).ShouldBe("InHandling");
        var handleBy = status.GetProperty("currentDeadline").GetProperty("due").GetDateTimeOffset();

        status = await operations.Step(status, "extension-requests", new { version = status.Version(), reason = "需定制路面砖", extraWorkingDays = 2 }, operations.OfficerOf(roads));
        status = await operations.Step(status, "extension-approval", new { version = status.Version() }, operations.Centre);
        status.GetProperty("currentDeadline").GetProperty("due").GetDateTimeOffset().ShouldBeGreaterThan(handleBy);

        status = await operations.Step(status, "handling", new { version = status.Version(), result = "已更换路面砖", evidence = new[] { CityOperations.Hash("after-1") } }, operations.OfficerOf(roads));
        status = await operations.Step(status, "verifications", new { version = status.Version(), result = "Failed", note = "仍有松动", evidence = new[] { CityOperations.Hash("site-1") } }, operations.Inspector("inspector.qian"));
        Stage(status).ShouldBe("InHandling");
        status = await operations.Step(status, "handling", new { version = status.Version(), result = "重新铺设并压实", evidence = new[] { CityOperations.Hash("after-2") } }, operations.OfficerOf(roads));
        status = await operations.Step(status, "verifications", new { version = status.Version(), result = "Passed", note = "已平整", evidence = Array.Empty<string>() }, operations.Inspector("inspector.qian"));
        status = await operations.Step(status, "closing", new { version = status.Version() }, operations.Centre);
        Stage(status).ShouldBe("Closed");
        status = await operations.Step(status, "callbacks", new { version = status.Version(), satisfaction = "Satisfied", note = "" }, operations.Hotline);

        Stage(status).ShouldBe("Closed");
        status.GetProperty("case").GetProperty("callback").GetString().ShouldBe("Satisfied");
        status.GetProperty("returnedBy").EnumerateArray().Select(department => department.GetString()).ShouldBe([greening]);
        status.GetProperty("timeline").EnumerateArray().Select(entry => entry.GetProperty("event").GetString()).ShouldBe(
        [
            "case_reported.v1", "case_registered.v1", "case_dispatched.v1", "case_returned.v1", "case_dispatched.v1", "case_accepted.v1",
            "extension_requested.v1", "extension_approved.v1", "case_handled.v1", "verification_failed.v1", "case_handled.v1",
            "verification_passed.v1", "case_closed.v1", "callback_recorded.v1",
        ]);
        await NowhereInTheRecord(status.Id(), caller.name, caller.identityNumber, caller.phone);
    }

    [Fact]
    public async Task a_dissatisfied_callback_within_the_window_reopens_the_case_for_dispatch()
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var category = await operations.PublishCategory(roads);
        var status = await operations.Reported(category, operations.Hotline, CityOperations.Report(category, "Hotline12345"));
        status = await operations.Step(status, "registration", new { version = status.Version() }, operations.Centre);
        status = await operations.Step(status, "dispatches", new { version = status.Version() }, operations.Centre);
        status = await operations.Step(status, "acceptance", new { version = status.Version() }, operations.OfficerOf(roads));
        status = await operations.Step(status, "handling", new { version = status.Version(), result = "已修复", evidence = Array.Empty<string>() }, operations.OfficerOf(roads));
        status = await operations.Step(status, "verifications", new { version = status.Version(), result = "Passed", note = "", evidence = Array.Empty<string>() }, operations.Inspector());
        status = await operations.Step(status, "closing", new { version = status.Version() }, operations.Centre);

        status = await operations.Step(status, "callbacks", new { version = status.Version(), satisfaction = "Dissatisfied", note = "两天后又松动" }, operations.Hotline);

        Stage(status).ShouldBe("AwaitingDispatch");
        status.GetProperty("reopenings").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task a_duplicate_report_merged_into_an_open_case_points_at_it_and_cannot_be_dispatched()
    {
        var operations = new CityOperations(fixture);
        var roads = CityOperations.NewDepartment();
        var category = await operations.PublishCategory(roads);
        var original = await operations.Dispatched(category, roads);
        var duplicate = await operations.Reported(category);

        duplicate = await operations.Step(duplicate, "merger", new { version = duplicate.Version(), originalCaseId = original.Id() }, operations.Centre);

        Stage(duplicate).ShouldBe("Merged");
        duplicate.GetProperty("case").GetProperty("originalCaseId").GetGuid().ShouldBe(original.Id());
        (await operations.Read(original.Id())).GetProperty("case").GetProperty("duplicates").EnumerateArray().Single().GetGuid().ShouldBe(duplicate.Id());
        var refused = await operations.Step(duplicate, "dispatches", new { version = duplicate.Version() }, operations.Centre, 422);
        refused.GetProperty("code").GetString().ShouldBe("case-merged");
    }

    private async Task NowhereInTheRecord(Guid caseId, params string[] values)
    {
        await using var query = fixture.Store.QuerySession();
        var events = await query.QueryAsync<string>("select data::text from ledger.mt_events where stream_id = ?", CancellationToken.None, caseId);
        var row = await query.QueryAsync<string>("select data::text from ledger.mt_doc_casestatus where id = ?", CancellationToken.None, caseId);
        var response = (await operations(caseId)).GetRawText();
        foreach (var value in values)
        {
            events.ShouldAllBe(data => !data.Contains(value, StringComparison.Ordinal));
            row.ShouldAllBe(data => !data.Contains(value, StringComparison.Ordinal));
            response.ShouldNotContain(value);
        }

        Task<JsonElement> operations(Guid id) => new CityOperations(fixture).Read(id);
    }
}
