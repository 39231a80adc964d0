using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace Ledger.Api.Tests.Verification;

/// <summary>Anyone may check a certificate document; every step is recomputed, and one changed field fails it.</summary>
[Collection(ApiCollection.Name)]
public class VerifyingCertificates(ApiFixture fixture)
{
    private sealed record Issued(City City, string Market, Guid Id, JsonElement Document, string ContentHash);

    private async Task<Issued> AnIssuedCertificate()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        var seal = await city.RegisterSealKey(market);
        var content = City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", City.NewEnterpriseCode());
        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(market), 201);
        var document = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(market), 200);
        return new Issued(city, market, issued.Id(), document, content.Hash());
    }

    private async Task<JsonElement> Verify(string body, int status = 200)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(body).ToUrl("/api/verify/certificate");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.StatusCodeShouldBe(status);
        });
        return result.Json();
    }

    private static Dictionary<string, string> Outcomes(JsonElement report) =>
        report.GetProperty("steps").EnumerateArray().ToDictionary(step => step.GetProperty("name").GetString()!, step => step.GetProperty("outcome").GetString()!, StringComparer.Ordinal);

    [Fact]
    public async Task a_genuine_certificate_passes_every_step_the_ledger_has_reached()
    {
        var issued = await AnIssuedCertificate();

        var report = await Verify(issued.Document.GetRawText());

        var outcomes = Outcomes(report);
        outcomes.Keys.ToList().ShouldBe(["integrity", "seal", "issuer", "status", "inclusion", "anchor"]);
        outcomes["integrity"].ShouldBe("Pass");
        outcomes["seal"].ShouldBe("Pass");
        outcomes["issuer"].ShouldBe("Pass");
        outcomes["status"].ShouldBe("Pass");
        report.GetProperty("verdict").GetString().ShouldBeOneOf("genuine", "pending");
        report.GetProperty("certificateId").GetGuid().ShouldBe(issued.Id);
    }

    [Fact]
    public async Task a_certificate_with_one_field_changed_fails_at_integrity()
    {
        var issued = await AnIssuedCertificate();
        var edited = JsonNode.Parse(issued.Document.GetRawText())!;
        edited["content"]!["holder"]!["name"] = "上海假冒餐饮有限公司";

        var report = await Verify(edited.ToJsonString());

        Outcomes(report)["integrity"].ShouldBe("Fail");
        Outcomes(report)["seal"].ShouldBe("Fail");
        report.GetProperty("verdict").GetString().ShouldBe("not-genuine");
    }

    [Fact]
    public async Task a_revoked_certificate_fails_at_status_with_the_time_it_changed()
    {
        var issued = await AnIssuedCertificate();
        await issued.City.Send(HttpMethod.Post, $"/api/certificates/{issued.Id}/revocation", new { version = 1, reason = "企业申请注销" }, issued.City.OfficerOf(issued.Market), 200);

        var report = await fixture.Host.GetAsJson<JsonElement>($"/api/verify/certificates/{issued.ContentHash}");

        var status = report.GetProperty("steps").EnumerateArray().Single(step => string.Equals(step.GetProperty("name").GetString(), "status", StringComparison.Ordinal));
        status.GetProperty("outcome").GetString().ShouldBe("Fail");
        status.GetProperty("reason").GetString().ShouldNotBeNull().ShouldContain("revoked");
        status.GetProperty("details").GetProperty("since").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        report.GetProperty("verdict").GetString().ShouldBe("not-genuine");
    }

    [Theory]
    [InlineData("this is not json", "malformed-document")]
    [InlineData("[1, 2, 3]", "malformed-document")]
    [InlineData("""{"content": {}, "contentHash": "00", "seal": {"keyId": "k"}}""", "malformed-document")]
    [InlineData("""{"content": {"identifier": 5}, "contentHash": "00", "seal": {"keyId": "k", "algorithm": "a", "signature": "s"}}""", "malformed-document")]
    public async Task garbage_gets_a_problem_and_never_a_report(string body, string code)
    {
        var problem = await Verify(body, 400);

        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task an_oversized_upload_is_refused()
    {
        var problem = await Verify("{\"content\": \"" + new string('x', 100_000) + "\"}", 413);

        problem.GetProperty("code").GetString().ShouldBe("payload-too-large");
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", 404, "certificate-not-found")]
    [InlineData("not-a-hash", 400, "invalid-content-hash")]
    public async Task unknown_or_malformed_hashes_get_problems(string hash, int status, string code)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url($"/api/verify/certificates/{hash}");
            scenario.StatusCodeShouldBe(status);
        });

        result.Json().GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task a_certificate_is_found_by_its_identifier_and_carries_a_qr_code_to_the_verify_page()
    {
        var issued = await AnIssuedCertificate();
        var identifier = issued.Document.GetProperty("content").GetProperty("identifier").GetString()!;

        var report = await fixture.Host.GetAsJson<JsonElement>($"/api/verify/identifiers/{Uri.EscapeDataString(identifier)}");
        var qr = await fixture.Host.Scenario(scenario => scenario.Get.Url($"/api/certificates/{issued.Id}/qr"));

        report.GetProperty("certificateId").GetGuid().ShouldBe(issued.Id);
        qr.Context.Response.ContentType.ShouldBe("image/png");
        var png = new MemoryStream();
        await qr.Context.Response.Body.CopyToAsync(png);
        png.ToArray()[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
    }

    [Fact]
    public async Task verification_needs_no_token() =>
        await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new { content = new { }, contentHash = "", seal = new { } }))).ToUrl("/api/verify/certificate");
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.StatusCodeShouldBe(400);
        });
}
