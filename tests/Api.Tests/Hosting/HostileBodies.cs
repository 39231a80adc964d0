using Alba;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Bodies a careless or hostile caller sends: a clear 400, never a 500, and nothing appended.</summary>
[Collection(ApiCollection.Name)]
public class HostileBodies(ApiFixture fixture)
{
    [Theory]
    [InlineData("/api/applications", "null", "malformed-request")]
    [InlineData("/api/bundles", "null", "malformed-request")]
    [InlineData("/api/certificates", "null", "malformed-request")]
    [InlineData("/api/privacy/erasures", "null", "malformed-request")]
    [InlineData("/api/bundles", """{"name": "开餐馆", "applicant": {"kind": "Enterprise", "name": "上海某餐饮有限公司", "identityNumber": "91310101MA1FPX1234"}, "parts": [null, null]}""", "validation-failed")]
    [InlineData("/api/applications", """{"matterCode": "310000-SC-0001", "applicant": null, "materials": [null]}""", "validation-failed")]
    [InlineData("/api/applications", """{"matterCode": 7, "applicant": [], "materials": "none"}""", "malformed-request")]
    public async Task a_hostile_body_is_a_clear_400_and_appends_nothing(string url, string body, string code)
    {
        var city = await new City(fixture).WithPortal();
        var token = url.Contains("erasures", StringComparison.Ordinal) ? city.AdminToken : url.Contains("certificates", StringComparison.Ordinal) ? city.OfficerOf(city.Portal) : city.PortalToken;
        var events = await fixture.Store.EventCount();

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(body).ToUrl(url);
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
            scenario.StatusCodeShouldBe(400);
        });

        result.Json().GetProperty("code").GetString().ShouldBe(code);
        (await fixture.Store.EventCount()).ShouldBe(events);
    }
}
