using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;

namespace Ledger.Api.Tests.Applications;

[Collection(ApiCollection.Name)]
public class SubmittingApplications(ApiFixture fixture)
{
    private static readonly (string, string) BusinessLicence = ("营业执照", Requests.Sha256Of("business licence scan"));
    private static readonly (string, string) FloorPlan = ("经营场所平面图", Requests.Sha256Of("floor plan"));

    [Fact]
    public async Task a_submitted_application_can_be_read_back()
    {
        var submitted = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application("310000-SC-0101", BusinessLicence, FloorPlan)).ToUrl("/api/applications");
            scenario.StatusCodeShouldBe(201);
        });
        var location = submitted.Json().GetProperty("location").GetString()!;
        submitted.Context.Response.Headers.Location.ToString().ShouldBe(location);

        var read = await fixture.Host.GetAsJson<JsonElement>(location);

        read.GetProperty("id").GetString().ShouldBe(submitted.Json().GetProperty("id").GetString());
        read.GetProperty("matterCode").GetString().ShouldBe("310000-SC-0101");
        read.GetProperty("stage").GetString().ShouldBe("Submitted");
        read.GetProperty("applicant").GetProperty("kind").GetString().ShouldBe("Enterprise");
        read.GetProperty("materials").EnumerateArray().Select(material => material.GetProperty("sha256").GetString())
            .ShouldBe([BusinessLicence.Item2, FloorPlan.Item2]);
        read.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task an_invalid_application_is_refused_with_each_failing_field_named_and_appends_nothing()
    {
        var before = await fixture.Store.EventCount();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application("", ("营业执照", "not-a-hash"))).ToUrl("/api/applications");
            scenario.StatusCodeShouldBe(400);
            scenario.ContentTypeShouldBe("application/problem+json");
        });

        var problem = refused.Json();
        problem.GetProperty("code").GetString().ShouldBe("validation-failed");
        problem.GetProperty("type").GetString().ShouldBe("urn:ledger:problem:validation-failed");
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("matterCode", out _).ShouldBeTrue();
        errors.GetProperty("materials[0].sha256")[0].GetString().ShouldBe("A SHA-256 is 64 hexadecimal characters.");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_body_that_is_not_json_is_refused_as_malformed_and_appends_nothing()
    {
        var before = await fixture.Store.EventCount();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text("{\"matterCode\": ").ToUrl("/api/applications");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.StatusCodeShouldBe(400);
        });

        refused.Json().GetProperty("code").GetString().ShouldBe("malformed-request");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_application_that_breaks_a_rule_is_refused_with_its_code_and_appends_nothing()
    {
        var before = await fixture.Store.EventCount();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application("310000-SC-0102", BusinessLicence, ("营业执照副本", BusinessLicence.Item2)))
                .ToUrl("/api/applications");
            scenario.StatusCodeShouldBe(422);
        });

        refused.Json().GetProperty("code").GetString().ShouldBe("material-submitted-twice");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_application_is_not_found()
    {
        var missing = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/applications/{Guid.CreateVersion7()}");
            scenario.StatusCodeShouldBe(404);
            scenario.ContentTypeShouldBe("application/problem+json");
        });

        missing.Json().GetProperty("code").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task the_daemon_catches_up_with_submissions_per_matter_without_lock_errors()
    {
        var matter = "310000-FD-" + Random.Shared.Next(100_000, 999_999);
        for (var i = 0; i < 3; i++)
        {
            await fixture.Host.Scenario(scenario =>
            {
                scenario.Post.Json(Requests.Application(matter, ("食品经营许可申请书", Requests.Sha256Of(matter + i)))).ToUrl("/api/applications");
                scenario.StatusCodeShouldBe(201);
            });
        }

        await fixture.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var counts = await fixture.Host.GetAsJson<JsonElement>("/api/matters/submissions");
        counts.EnumerateArray().Single(count => string.Equals(count.GetProperty("id").GetString(), matter, StringComparison.Ordinal))
            .GetProperty("submitted").GetInt32().ShouldBe(3);
        fixture.Logs.Entries.ShouldNotBeEmpty("the host's log is recorded, so an empty list of lock errors means something");
        fixture.Logs.AtLeast(LogLevel.Warning)
            .Where(entry => entry.ToString().Contains("lock", StringComparison.OrdinalIgnoreCase) || entry.Exception is TypeLoadException)
            .ShouldBeEmpty();
        fixture.Logs.AtLeast(LogLevel.Error).Where(entry => entry.Category.StartsWith("Marten", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
