using Alba;

namespace Ledger.Api.Tests.Audit;

/// <summary>The auditor console is served by the API itself, as plain HTML, CSS and JavaScript.</summary>
[Collection(ApiCollection.Name)]
public class AuditConsolePage(ApiFixture fixture)
{
    [Fact]
    public async Task the_console_and_its_script_are_served()
    {
        var page = await fixture.Host.GetAsText("/audit/");
        page.ShouldContain("审计控制台");
        page.ShouldContain("/audit/audit.js");
        (await fixture.Host.GetAsText("/audit/audit.js")).ShouldContain("/api/audit/runs");
    }

    [Fact]
    public async Task the_bare_path_redirects_to_the_console() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/audit");
            scenario.StatusCodeShouldBe(301);
            scenario.Header("Location").SingleValueShouldMatch(new System.Text.RegularExpressions.Regex("/audit/$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        });
}
