using Alba;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public class PublishedContract(ApiFixture fixture)
{
    [Fact]
    public async Task the_running_api_matches_the_checked_in_openapi_document()
    {
        var served = CanonicalJson.Normalise(await fixture.Host.GetAsText("/openapi/v1.json"));
        var specPath = Repository.PathTo("specs/openapi.json");

        if (Repository.UpdatingSpecs)
        {
            await File.WriteAllTextAsync(specPath, served);
        }

        File.Exists(specPath).ShouldBeTrue("specs/openapi.json is missing: run LEDGER_UPDATE_SPECS=1 ./test.sh to write it");
        served.ShouldBe(
            CanonicalJson.Normalise(await File.ReadAllTextAsync(specPath)),
            "the API no longer matches specs/openapi.json: review the change, then run LEDGER_UPDATE_SPECS=1 ./test.sh");
    }

    [Fact]
    public async Task the_openapi_document_carries_no_sample_of_anyones_data()
    {
        var served = await fixture.Host.GetAsText("/openapi/v1.json");

        System.Text.RegularExpressions.Regex.IsMatch(served, @"(?<![0-9A-Za-z])[1-8][0-9]{16}[0-9Xx](?![0-9A-Za-z])", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5)).ShouldBeFalse("a resident identity number in the OpenAPI document");
        System.Text.RegularExpressions.Regex.IsMatch(served, @"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5)).ShouldBeFalse("a mobile number in the OpenAPI document");
        served.ShouldNotContain("\"example\"");
    }

    [Fact]
    public async Task every_operation_that_needs_a_token_says_so_and_names_its_roles_and_public_ones_need_none()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await fixture.Host.GetAsText("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        var erasure = paths.GetProperty("/api/privacy/erasures").GetProperty("post");
        erasure.GetProperty("security")[0].TryGetProperty("bearer", out _).ShouldBeTrue();
        erasure.GetProperty("description").GetString().ShouldNotBeNull().ShouldEndWith("Roles: admin, privacy-officer.");
        paths.GetProperty("/api/ledger/head").GetProperty("get").TryGetProperty("security", out _).ShouldBeFalse();
        paths.GetProperty("/api/verify/certificate").GetProperty("post").TryGetProperty("security", out _).ShouldBeFalse();
        var submit = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("SubmitApplicationRequest").GetProperty("properties").GetProperty("matterCode");
        submit.GetProperty("maxLength").GetInt32().ShouldBe(64);
    }

    [Fact]
    public async Task the_docs_page_is_served()
    {
        var page = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url("/docs/");
            scenario.StatusCodeShouldBeOk();
        });

        page.ReadAsText().ShouldContain("<title>Ledger API</title>", Case.Insensitive);
    }
}
