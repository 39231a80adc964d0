using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Tests.Log;
using Ledger.Domain.Identity;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.Pages;

/// <summary>
/// The citizen's /verify page and the auditor's /audit console in headless Chromium: what a person sees, in green and
/// red, with a screenshot of each case in TestResults/screenshots.
/// </summary>
public sealed class WebPages(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private sealed record Issued(City City, string Market, Guid Id, string Document, string ContentHash);

    private async Task<Issued> AnIssuedCertificate(string holder)
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        var seal = await city.RegisterSealKey(market);
        var content = City.CertificateFor("YYZZ", market, holder, City.NewEnterpriseCode());
        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        var document = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(market), 200);
        return new Issued(city, market, issued.Id(), document.GetRawText(), content.Hash());
    }

    private async Task<IPage> VerifyPage(string query = "")
    {
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/verify{query}");
        return page;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    [Fact]
    public async Task a_genuine_certificate_shows_every_step_green_and_the_proof_recomputed_in_the_browser()
    {
        var issued = await AnIssuedCertificate("上海真品餐饮有限公司");
        await fixture.AnchoredThroughNewestEvent();

        var page = await VerifyPage($"?hash={issued.ContentHash}");

        var outcomes = await VerifyPageSteps.Outcomes(page);
        outcomes.Keys.ToList().ShouldBe(["integrity", "seal", "issuer", "status", "inclusion", "anchor"]);
        outcomes.Values.ShouldAllBe(outcome => outcome == "pass");
        await page.Locator("#browser-proof[data-match='true']").WaitForAsync();
        (await page.Locator("#browser-proof").TextContentAsync()).ShouldNotBeNull().ShouldContain("recomputed the Merkle proof in your browser: match");
        (await page.Locator("#verdict").TextContentAsync()).ShouldNotBeNull().ShouldContain("Genuine");
        await Screenshot(page, "verify-genuine");
    }

    [Fact]
    public async Task a_certificate_with_one_field_edited_shows_integrity_red()
    {
        var issued = await AnIssuedCertificate("上海原名餐饮有限公司");
        var edited = JsonNode.Parse(issued.Document)!;
        edited["content"]!["holder"]!["name"] = "上海改名餐饮有限公司";

        var page = await VerifyPage();
        await page.FillAsync("#document", edited.ToJsonString());
        await page.ClickAsync("#verify");

        (await VerifyPageSteps.Outcomes(page))["integrity"].ShouldBe("fail");
        (await page.Locator("#verdict").TextContentAsync()).ShouldNotBeNull().ShouldContain("Not genuine");
        await Screenshot(page, "verify-edited");
    }

    [Fact]
    public async Task a_revoked_certificate_shows_status_red()
    {
        var issued = await AnIssuedCertificate("上海注销餐饮有限公司");
        await issued.City.Send(HttpMethod.Post, $"/api/certificates/{issued.Id}/revocation", new { version = 1, reason = "企业申请注销" }, issued.City.OfficerOf(issued.Market), 200);

        var page = await VerifyPage();
        await page.FillAsync("#lookup", issued.ContentHash);
        await page.ClickAsync("#verify");

        (await VerifyPageSteps.Outcomes(page))["status"].ShouldBe("fail");
        await Screenshot(page, "verify-revoked");
    }

    [Fact]
    public async Task garbage_shows_a_clear_message_and_nothing_green()
    {
        var page = await VerifyPage();
        await page.FillAsync("#document", "这不是证照 this is not a certificate");
        await page.ClickAsync("#verify");

        await page.Locator("#message.error").WaitForAsync();
        (await page.Locator("#message").TextContentAsync()).ShouldNotBeNull().ShouldContain("not JSON");
        (await page.Locator("#steps li").CountAsync()).ShouldBe(0);
        await Screenshot(page, "verify-garbage");
    }

    [Fact]
    public async Task the_audit_console_lists_streams_and_runs_a_full_audit_to_a_pass()
    {
        await new City(fixture).WithPortal();
        var token = fixture.TokenFor(new Actor("11310000MB2F00001C", "auditor.zhou"), "auditor");
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/audit");

        await page.FillAsync("#token", token);
        await page.ClickAsync("#token-form button");
        await page.Locator("#streams tbody tr.clickable").First.WaitForAsync();
        await page.Locator("#streams tbody tr.clickable").First.ClickAsync();
        await page.Locator("#timeline tbody tr").First.WaitForAsync();
        await page.ClickAsync("#start-audit");
        await page.Locator("#audit-status.pass").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });

        (await page.Locator("#audit-status").TextContentAsync()).ShouldNotBeNull().ShouldContain("Passed");
        await Screenshot(page, "audit-console");
    }
}
