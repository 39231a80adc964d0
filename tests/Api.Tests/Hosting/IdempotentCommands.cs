using System.Text.Json;
using Alba;
using Ledger.Api.Tests.Incidents;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Every command exactly once: a retried request with its Idempotency-Key gets the first answer and appends nothing.</summary>
[Collection(ApiCollection.Name)]
public class IdempotentCommands(ApiFixture fixture)
{
    private async Task<(int Status, string Body)> Report(string body, string token, string key)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(body).ToUrl("/api/cases");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
            scenario.WithRequestHeader("Idempotency-Key", key);
            scenario.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, result.ReadAsText());
    }

    private async Task<(string Body, string Token)> AReport(string description = "井盖缺失, 有坠落危险")
    {
        var operations = new CityOperations(fixture);
        var category = await operations.PublishCategory(CityOperations.NewDepartment());
        return (JsonSerializer.Serialize(CityOperations.Report(category, description: description)), operations.Inspector());
    }

    [Fact]
    public async Task a_repeat_with_the_same_key_and_body_gets_the_first_answer_and_appends_nothing()
    {
        var (body, token) = await AReport();
        var key = Guid.NewGuid().ToString();

        var first = await Report(body, token, key);
        var events = await fixture.Store.EventCount();
        var repeat = await Report(body, token, key);

        first.Status.ShouldBe(201);
        repeat.ShouldBe(first);
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task a_key_past_its_retention_is_forgotten_by_the_sweep_and_may_name_a_new_command()
    {
        // Given a command answered under a key
        var (body, token) = await AReport();
        var (other, _) = await AReport("路灯不亮");
        var key = Guid.NewGuid().ToString();
        (await Report(body, token, key)).Status.ShouldBe(201);

        // When the sweep runs a day and an hour later
        var later = new Ledger.Testing.ShiftedClock { Offset = TimeSpan.FromHours(25) };
        await new Ledger.Api.Hosting.IdempotencySweep(fixture.Store, later, Microsoft.Extensions.Logging.Abstractions.NullLogger<Ledger.Api.Hosting.IdempotencySweep>.Instance)
            .SweepAsync(CancellationToken.None);

        // Then the key is free again: another body under it is a new command, not 422
        (await Report(other, token, key)).Status.ShouldBe(201);
    }

    [Fact]
    public async Task a_command_recorded_whose_answer_was_lost_is_never_run_again_under_its_key()
    {
        // Given a command recorded under a key whose answer was then lost (the database dropped before it was kept)
        var (body, token) = await AReport();
        var key = Guid.NewGuid().ToString();
        (await Report(body, token, key)).Status.ShouldBe(201);
        await using (var session = fixture.Store.LightweightSession())
        {
            session.DeleteWhere<Ledger.Api.Hosting.IdempotencyRecord>(record => record.Id.EndsWith("/" + key));
            await session.SaveChangesAsync();
        }

        var events = await fixture.Store.EventCount();

        // When it is sent again with the same key
        var again = await Report(body, token, key);

        // Then it is not run a second time: the caller is told it was recorded, and nothing is appended
        again.Status.ShouldBe(409);
        again.Body.ShouldContain("idempotency-key-recorded");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_refused()
    {
        var (body, token) = await AReport();
        body.ShouldContain("\"severity\":\"Routine\"");
        var key = Guid.NewGuid().ToString();
        await Report(body, token, key);
        var events = await fixture.Store.EventCount();

        var reused = await Report(body.Replace("\"severity\":\"Routine\"", "\"severity\":\"Urgent\"", StringComparison.Ordinal), token, key);

        reused.Status.ShouldBe(422);
        JsonDocument.Parse(reused.Body).RootElement.GetProperty("code").GetString().ShouldBe("idempotency-key-reused");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task two_requests_racing_on_one_key_start_one_case_and_get_the_same_answer()
    {
        var (body, token) = await AReport("两个请求同时上报同一井盖");
        var key = Guid.NewGuid().ToString();
        var events = await fixture.Store.EventCount();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Report(body, token, key))));

        answers.Select(answer => answer.Status).ShouldAllBe(status => status == 201, string.Join(" | ", answers.Select(answer => answer.Body)));
        answers.Select(answer => answer.Body).Distinct(StringComparer.Ordinal).Count().ShouldBe(1);
        (await fixture.Store.EventCount()).ShouldBe(events + 1, "one case_reported.v1, whichever request won");
    }

    [Fact]
    public async Task two_callers_using_the_same_key_do_not_share_it()
    {
        var (body, token) = await AReport();
        var other = new CityOperations(fixture).Inspector("inspector.sun");
        var key = Guid.NewGuid().ToString();

        var mine = await Report(body, token, key);
        var theirs = await Report(body, other, key);

        mine.Status.ShouldBe(201);
        theirs.Status.ShouldBe(201);
        string.Equals(theirs.Body, mine.Body, StringComparison.Ordinal).ShouldBeFalse();
    }
}
