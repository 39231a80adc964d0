using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Alba;
using Ledger.Api.Tests.Incidents;

namespace Ledger.Api.Tests.Hosting;

/// <summary>What a caller may send at most: a body of 256 KB, JSON 32 levels deep. Beyond, a clear problem, and nothing appended.</summary>
[Collection(ApiCollection.Name)]
public class RequestLimits(ApiFixture fixture)
{
    private const int OverTheLimit = 300 * 1024;

    private async Task<(string Category, string Token)> AReporter()
    {
        var operations = new CityOperations(fixture);
        return (await operations.PublishCategory(CityOperations.NewDepartment()), operations.Inspector());
    }

    private static string ReportWithDescriptionOf(string category, int length) =>
        JsonSerializer.Serialize(CityOperations.Report(category, description: new string('路', length / 3)));

    [Fact]
    public async Task a_body_over_the_limit_by_its_content_length_is_413_and_appends_nothing()
    {
        var (category, token) = await AReporter();
        var events = await fixture.Store.EventCount();

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(ReportWithDescriptionOf(category, OverTheLimit)).ToUrl("/api/cases");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
            scenario.StatusCodeShouldBe(413);
        });

        result.Json().GetProperty("code").GetString().ShouldBe("payload-too-large");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task a_body_sent_without_a_length_is_refused_once_it_passes_the_limit()
    {
        var (category, token) = await AReporter();
        var events = await fixture.Store.EventCount();
        using var client = fixture.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(ReportWithDescriptionOf(category, OverTheLimit)))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().ShouldBe("payload-too-large");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task json_nested_deeper_than_any_request_is_a_malformed_request()
    {
        var (_, token) = await AReporter();
        var deep = new string('[', 40) + "1" + new string(']', 40);

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text("""{"source": "GridInspector", "categoryCode": "X", "severity": "Routine", "location": """ + deep + "}").ToUrl("/api/cases");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
            scenario.StatusCodeShouldBe(400);
        });

        result.Json().GetProperty("code").GetString().ShouldBe("malformed-request");
    }

    [Fact]
    public async Task the_pages_carry_a_content_security_policy_and_every_answer_forbids_sniffing_and_framing()
    {
        var page = await fixture.Host.Scenario(scenario => scenario.Get.Url("/operations/index.html"));
        var api = await fixture.Host.Scenario(scenario => scenario.Get.Url("/api/incidents/categories"));

        var policy = page.Context.Response.Headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-eval");
        foreach (var headers in new[] { page.Context.Response.Headers, api.Context.Response.Headers })
        {
            headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
            headers.XFrameOptions.ToString().ShouldBe("DENY");
        }
    }

    [Theory]
    [InlineData(ApiFixture.CitizenPortal, true)]
    [InlineData("https://phishing.example", false)]
    public async Task only_the_configured_origins_may_call_from_a_browser(string origin, bool allowed)
    {
        using var client = fixture.Host.Server.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/applications");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");

        using var answer = await client.SendAsync(preflight);

        if (allowed)
        {
            answer.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([origin]);
            string.Join(',', answer.Headers.GetValues("Access-Control-Allow-Headers")).ShouldContain("idempotency-key", Case.Insensitive);
        }
        else
        {
            answer.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        }
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
