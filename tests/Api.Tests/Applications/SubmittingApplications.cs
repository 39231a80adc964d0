using System.Text.Json;
using Alba;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;

namespace Ledger.Api.Tests.Applications;

[Collection(ApiCollection.Name)]
public class SubmittingApplications(ApiFixture fixture)
{
    private static readonly (string, string) BusinessLicence = ("营业执照", Requests.Sha256Of("business licence scan"));
    private static readonly (string, string) FloorPlan = ("经营场所平面图", Requests.Sha256Of("floor plan"));

    private async Task<(City City, string Matter)> CityWithAMatter()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var matter = await city.PublishMatter("食品经营许可", market, [], promisedDays: 20, certificateType: "JY");
        return (city, matter);
    }

    [Fact]
    public async Task a_submitted_application_can_be_read_back_with_who_submitted_it()
    {
        var (city, matter) = await CityWithAMatter();

        var submitted = await city.Submit(matter, BusinessLicence, FloorPlan);
        var read = (await city.Send(HttpMethod.Get, "/api/applications/" + submitted.Id(), null, city.PortalToken, 200)).GetProperty("status");

        read.GetProperty("matterCode").GetString().ShouldBe(matter);
        read.GetProperty("matterRevision").GetInt32().ShouldBe(1);
        read.GetProperty("stage").GetString().ShouldBe("Submitted");
        read.GetProperty("submittedBy").GetProperty("agency").GetString().ShouldBe(city.Portal);
        read.GetProperty("materials").EnumerateArray().Select(material => material.GetProperty("sha256").GetString())
            .ShouldBe([BusinessLicence.Item2, FloorPlan.Item2]);
        read.GetProperty("timeline")[0].GetProperty("event").GetString().ShouldBe("application_submitted.v2");
        read.Version().ShouldBe(1);
    }

    [Fact]
    public async Task an_invalid_application_is_refused_with_each_failing_field_named_and_appends_nothing()
    {
        var (city, _) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Json(Requests.Application("", ("营业执照", "not-a-hash"))).ToUrl("/api/applications");
            scenario.WithRequestHeader("Authorization", "Bearer " + city.PortalToken);
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
        var (city, _) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();

        var refused = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text("{\"matterCode\": ").ToUrl("/api/applications");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + city.PortalToken);
            scenario.StatusCodeShouldBe(400);
        });

        refused.Json().GetProperty("code").GetString().ShouldBe("malformed-request");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_application_listing_a_material_twice_breaks_a_rule_and_appends_nothing()
    {
        var (city, matter) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/applications",
            Requests.Application(matter, BusinessLicence, ("营业执照副本", BusinessLicence.Item2)), city.PortalToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("material-submitted-twice");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_application_for_a_matter_not_in_the_catalogue_is_refused()
    {
        var city = await new City(fixture).WithPortal();
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(City.NewMatterCode(), BusinessLicence), city.PortalToken, 422);

        problem.GetProperty("code").GetString().ShouldBe("matter-unknown");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task without_a_token_nothing_is_submitted()
    {
        var (city, matter) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(matter, BusinessLicence), token: null, 401);

        problem.GetProperty("code").GetString().ShouldBe("unauthenticated");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_token_that_does_not_name_its_agency_is_refused_and_nothing_is_submitted()
    {
        var (city, matter) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();
        var anonymous = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
            {
                Issuer = "ledger-test",
                Audience = "ledger-api",
                Claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["role"] = "portal" },
                Expires = DateTime.UtcNow.AddMinutes(5),
                SigningCredentials = new(new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(fixture.TokenSigningKey), "ES256"),
            });

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(matter, BusinessLicence), anonymous, 403);

        problem.GetProperty("code").GetString().ShouldBe("token-incomplete");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_administrator_cannot_submit_applications()
    {
        var (city, matter) = await CityWithAMatter();
        var before = await fixture.Store.EventCount();

        var problem = await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(matter, BusinessLicence), city.AdminToken, 403);

        problem.GetProperty("code").GetString().ShouldBe("forbidden");
        (await fixture.Store.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_application_is_not_found()
    {
        var city = await new City(fixture).WithPortal();

        var problem = await city.Send(HttpMethod.Get, $"/api/applications/{Guid.CreateVersion7()}", null, city.PortalToken, 404);

        problem.GetProperty("code").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task the_daemon_catches_up_with_submissions_per_matter_without_lock_errors()
    {
        var (city, matter) = await CityWithAMatter();
        for (var i = 0; i < 3; i++)
        {
            await city.Submit(matter, ("食品经营许可申请书", Requests.Sha256Of(matter + i)));
        }

        await fixture.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var counts = await fixture.Host.GetAsJson<JsonElement>("/api/matters/submissions");
        counts.EnumerateArray().Single(count => string.Equals(count.GetProperty("id").GetString(), matter, StringComparison.Ordinal))
            .GetProperty("submitted").GetInt32().ShouldBe(3);
        fixture.Logs.Entries.ShouldNotBeEmpty("the host's log is recorded, so an empty list of lock errors means something");
        fixture.Logs.AtLeast(LogLevel.Warning)
            .Where(entry => entry.ToString().Contains("lock", StringComparison.OrdinalIgnoreCase) || entry.Exception is TypeLoadException)
            .ShouldBeEmpty();
        fixture.Logs.AtLeast(LogLevel.Error)
            .Where(entry => entry.Category.Contains("Daemon", StringComparison.Ordinal) || entry.Category.Contains("Projection", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task a_matter_revised_by_another_node_after_this_one_read_it_refuses_one_submission_and_records_nothing()
    {
        var (city, matter) = await CityWithAMatter();
        var first = await city.Submit(matter, BusinessLicence);
        first.GetProperty("matterRevision").GetInt32().ShouldBe(1);
        await using var otherNode = DocumentStore.For(options => Ledger.Projections.LedgerStoreOptions.Configure(options, fixture.ConnectionString, fixture.Store.Options.DatabaseSchemaName));
        await using (var revising = otherNode.LightweightSession())
        {
            var definition = (await revising.Events.FetchLatest<Matter>(StreamIds.ForMatter(matter)))!.Definition with { PromisedDays = 5 };
            revising.Events.Append(StreamIds.ForMatter(matter), new MatterRevised(matter, 2, definition, new Actor(city.Portal, "admin.elsewhere"), DateTimeOffset.UtcNow));
            await revising.SaveChangesAsync();
        }

        var eventsBefore = await EventCount();
        var refused = await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(matter, [FloorPlan]), city.PortalToken, 409);
        var eventsAfter = await EventCount();
        var again = await city.Submit(matter, FloorPlan);

        refused.GetProperty("code").GetString().ShouldBe("definition-revised");
        eventsAfter.ShouldBe(eventsBefore);
        again.GetProperty("matterRevision").GetInt32().ShouldBe(2);
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").LongCountAsync();
    }
}
