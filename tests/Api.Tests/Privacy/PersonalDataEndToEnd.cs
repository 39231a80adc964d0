using System.Text;
using System.Text.Json;
using Alba;
using Ledger.Api.Identity;
using Ledger.Api.Tests.Audit;
using Ledger.Api.Tests.Log;
using Ledger.Api.Tests.Pages;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Integrity.Merkle;
using Microsoft.Playwright;

namespace Ledger.Api.Tests.Privacy;

/// <summary>
/// A person's data from submission to erasure on the real stack: what the public log shows, what an entitled agency sees,
/// what a database dump holds, and that after erasure every proof, the full audit and the certificate the holder kept
/// still verify, in the API and in a real browser.
/// </summary>
public sealed class PersonalDataEndToEnd(PrivacyFixture fixture) : IClassFixture<PrivacyFixture>
{
    private static readonly Actor Auditor = new("11310000MB2F00001C", "auditor.zhao");
    private static readonly Actor PrivacyOfficer = new("11310000MB2F00001C", "privacy.qian");

    private string AuditorToken => fixture.TokenFor(Auditor, Roles.Auditor);

    private string PrivacyOfficerToken => fixture.TokenFor(PrivacyOfficer, Roles.PrivacyOfficer);

    [Fact]
    public async Task a_person_is_erased_and_every_proof_the_audit_and_their_kept_certificate_still_verify()
    {
        const string name = "张明远";
        var identityNumber = City.NewResidentIdentityNumber();
        const string phone = "13912345678";
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "GTGSH");
        using var seal = await city.RegisterSealKey(market);
        var matter = await city.PublishMatter("个体工商户登记", market, []);

        // Given a person who applied through the portal and holds a certificate
        var created = await city.Send(HttpMethod.Post, "/api/applications", new
        {
            matterCode = matter,
            applicant = new { kind = "Person", name, identityNumber, phone },
            materials = new[] { new { name = "个体工商户登记申请书", sha256 = Requests.Sha256Of(identityNumber) } },
        }, city.PortalToken, 201);
        var applicationId = created.GetProperty("id").GetGuid();
        var content = City.CertificateFor("GTGSH", market, name, identityNumber, holderKind: ApplicantKind.Person);
        var certificate = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        var certificateId = certificate.Id();
        var kept = await city.Send(HttpMethod.Get, $"/api/certificates/{certificateId}/document", null, city.OfficerOf(market), 200);
        kept.GetProperty("content").GetProperty("holder").GetProperty("identityNumber").GetString().ShouldBe(identityNumber);

        // The public log shows no one's data: hash, position and type only; the auditor's canonical bytes hold commitments
        var position = await fixture.LastBusinessEventPosition();
        await fixture.LoggedThrough(position);
        var submittedLeaf = (await fixture.Log().Store.LeafOfEventAsync(await PositionOf(applicationId, 1), CancellationToken.None)).ShouldNotBeNull();
        var publicLeaf = await Get($"/api/ledger/leaves/{submittedLeaf.Index}", null);
        publicLeaf.TryGetProperty("canonicalBytes", out _).ShouldBeFalse();
        publicLeaf.GetProperty("eventType").GetString().ShouldBe("application_submitted.v2");
        var auditedLeaf = await Get($"/api/ledger/leaves/{submittedLeaf.Index}", AuditorToken);
        var canonical = Encoding.UTF8.GetString(Convert.FromBase64String(auditedLeaf.GetProperty("canonicalBytes").GetString()!));
        canonical.ShouldNotContain(name);
        canonical.ShouldNotContain(identityNumber);
        canonical.ShouldNotContain(phone);
        var subject = JsonDocument.Parse(canonical).RootElement.GetProperty("data").GetProperty("applicant").GetProperty("identityNumber").GetProperty("subject").GetGuid();

        // An entitled agency sees the values, and the disclosure is recorded for auditors
        var read = await city.Send(HttpMethod.Get, $"/api/applications/{applicationId}?purpose=acceptance-review", null, city.OfficerOf(market), 200);
        read.GetProperty("applicant").GetProperty("name").GetString().ShouldBe(name);
        read.GetProperty("applicant").GetProperty("identityNumber").GetString().ShouldBe(identityNumber);
        read.GetProperty("applicant").GetProperty("phone").GetString().ShouldBe(phone);
        var disclosures = await Get($"/api/privacy/disclosures?subject={subject}", AuditorToken);
        disclosures.EnumerateArray().ShouldContain(entry => entry.GetProperty("record").GetString() == $"application/{applicationId}"
            && entry.GetProperty("purpose").GetString() == "acceptance-review" && entry.GetProperty("agency").GetString() == market);

        // While the certificate is in force the data is held, not erased
        var held = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "consent-withdrawn", note = "本人申请" }, PrivacyOfficerToken, 409);
        held.GetProperty("code").GetString().ShouldBe("retention-hold");
        held.GetProperty("until").GetString().ShouldBe(content.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var whileHeld = await city.Send(HttpMethod.Get, $"/api/applications/{applicationId}", null, city.OfficerOf(market), 200);
        whileHeld.GetProperty("applicant").GetProperty("restricted").GetBoolean().ShouldBeTrue();
        whileHeld.GetProperty("applicant").GetProperty("name").ValueKind.ShouldBe(JsonValueKind.Null);
        var revoked = await city.Send(HttpMethod.Post, $"/api/certificates/{certificateId}/revocation", new { version = 1, reason = "持证人申请注销" }, city.OfficerOf(market), 200);
        revoked.GetProperty("status").GetString().ShouldBe("Revoked");
        await fixture.AnchoredThroughNewestEvent();
        var before = await Get("/api/ledger/head", null);
        var dumpBefore = await fixture.DumpAsync();
        (await fixture.VaultRowsOf(subject)).ShouldBeGreaterThan(0);

        // When the privacy officer erases the person
        var erased = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "consent-withdrawn" }, PrivacyOfficerToken, 200);
        var again = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "consent-withdrawn" }, PrivacyOfficerToken, 200);

        // Then nothing of them is left anywhere, and nothing that proves the record has changed
        erased.GetProperty("subjectId").GetGuid().ShouldBe(subject);
        again.GetProperty("alreadyErased").GetBoolean().ShouldBeTrue();
        (await fixture.VaultRowsOf(subject)).ShouldBe(0);
        var dumpAfter = await fixture.DumpAsync();
        foreach (var value in new[] { name, identityNumber, phone })
        {
            Occurrences(dumpBefore, value).ShouldBe(0, $"{value} in the dump before erasure");
            Occurrences(dumpAfter, value).ShouldBe(0, $"{value} in the dump after erasure");
            fixture.Logs.Entries.ShouldNotContain(entry => entry.ToString().Contains(value, StringComparison.Ordinal), $"{value} in the host's logs");
            fixture.ServerOutput.ShouldNotContain(line => line.Contains(value, StringComparison.Ordinal), $"{value} in the browser server's output");
        }

        var afterErasure = await city.Send(HttpMethod.Get, $"/api/applications/{applicationId}", null, city.OfficerOf(market), 200);
        afterErasure.GetProperty("applicant").GetProperty("erased").GetBoolean().ShouldBeTrue();
        afterErasure.GetProperty("applicant").GetProperty("name").ValueKind.ShouldBe(JsonValueKind.Null);
        (await city.Send(HttpMethod.Get, $"/api/certificates/{certificateId}/document", null, city.OfficerOf(market), 410)).GetProperty("code").GetString().ShouldBe("personal-data-erased");
        (await Get($"/api/privacy/subjects/{subject}", AuditorToken)).GetProperty("erasedAt").ValueKind.ShouldBe(JsonValueKind.String);

        await fixture.AnchoredThroughNewestEvent();
        var after = await Get("/api/ledger/head", null);
        var size = after.GetProperty("treeSize").GetInt64();
        var inclusion = await Get($"/api/ledger/proofs/inclusion?index={submittedLeaf.Index}&size={size}", null);
        MerkleProofs.VerifyInclusion(submittedLeaf.LeafHash, submittedLeaf.Index, size, Path(inclusion), Convert.FromHexString(after.GetProperty("rootHash").GetString()!)).ShouldBeTrue();
        var oldSize = before.GetProperty("treeSize").GetInt64();
        var consistency = await Get($"/api/ledger/proofs/consistency?from={oldSize}&to={size}", null);
        MerkleProofs.VerifyConsistency(oldSize, size, Convert.FromHexString(before.GetProperty("rootHash").GetString()!),
            Convert.FromHexString(after.GetProperty("rootHash").GetString()!), Path(consistency)).ShouldBeTrue();
        (await fixture.FullAudit(AuditorToken)).GetProperty("passed").GetBoolean().ShouldBeTrue();

        // The holder's kept certificate still verifies in a real browser: genuine in content, seal and proofs, revoked in status
        var page = await fixture.Browser.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/verify");
        await page.FillAsync("#document", kept.GetRawText());
        await page.ClickAsync("#verify");
        var outcomes = await VerifyPageSteps.Outcomes(page);
        outcomes["integrity"].ShouldBe("pass");
        outcomes["seal"].ShouldBe("pass");
        outcomes["issuer"].ShouldBe("pass");
        outcomes["status"].ShouldBe("fail");
        outcomes["inclusion"].ShouldBe("pass");
        outcomes["anchor"].ShouldBe("pass");
        await page.Locator("#browser-proof[data-match='true']").WaitForAsync();
        (await page.ContentAsync()).ShouldNotContain("已删除 erased", Case.Sensitive);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(BrowserFixture.Screenshots, "verify-after-erasure.png"), FullPage = true });

        // The auditor's console shows the application as it was, the person's fields as erased commitments
        var console = await fixture.Browser.NewPageAsync();
        await console.GotoAsync($"{fixture.BaseUrl}/audit");
        await console.FillAsync("#token", AuditorToken);
        await console.ClickAsync("#token-form button");
        await console.SelectOptionAsync("#kind", "application");
        await console.Locator($"#streams tr[data-stream='{applicationId}']").ClickAsync();
        await console.Locator("#timeline tbody tr").First.Locator("button").ClickAsync();
        await console.Locator("#state", new PageLocatorOptions { HasTextString = "已删除 erased" }).WaitForAsync();
        var state = (await console.Locator("#state").TextContentAsync()).ShouldNotBeNull();
        state.ShouldNotContain(name);
        state.ShouldNotContain(identityNumber);
        await console.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(BrowserFixture.Screenshots, "audit-after-erasure.png"), FullPage = true });
    }

    private async Task<long> PositionOf(Guid stream, long version)
    {
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        return events.Single(e => e.Version == version).Sequence;
    }

    private async Task<JsonElement> Get(string url, string? token)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            if (token is not null)
            {
                scenario.WithRequestHeader("Authorization", "Bearer " + token);
            }

            scenario.StatusCodeShouldBe(200);
        });
        return result.Json();
    }

    private static List<byte[]> Path(JsonElement proof) =>
        [.. proof.GetProperty(proof.TryGetProperty("path", out _) ? "path" : "proof").EnumerateArray().Select(node => Convert.FromHexString(node.GetString()!))];

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
