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
    public async Task every_text_list_and_map_a_command_takes_has_a_stated_bound()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await fixture.Host.GetAsText("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var requests = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _))
            .Select(operation => operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"))
            .Where(schema => schema.TryGetProperty("$ref", out _))
            .Select(schema => schema.GetProperty("$ref").GetString()!.Split('/')[^1]);

        var unbounded = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            Unbounded(request, schemas, seen, unbounded);
        }

        seen.Count.ShouldBeGreaterThan(30);
        unbounded.ShouldBeEmpty("every string needs maxLength (or a format, an enum or an anchored pattern), every list maxItems, every map maxProperties");
    }

    private static void Unbounded(string name, System.Text.Json.JsonElement schemas, HashSet<string> seen, List<string> unbounded)
    {
        if (!seen.Add(name) || !schemas.GetProperty(name).TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var schema = property.Value;
            var types = !schema.TryGetProperty("type", out var type) ? []
                : type.ValueKind == System.Text.Json.JsonValueKind.Array ? type.EnumerateArray().Select(kind => kind.GetString()).ToArray() : [type.GetString()];
            bool Has(string keyword) => schema.TryGetProperty(keyword, out _);
            var bounded = !types.Contains("string") || Has("maxLength") || Has("enum") || Has("format")
                || (Has("pattern") && schema.GetProperty("pattern").GetString()!.EndsWith('$'));
            bounded &= !types.Contains("array") || Has("maxItems");
            var map = schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == System.Text.Json.JsonValueKind.Object;
            bounded &= !map || Has("maxProperties");
            if (!bounded)
            {
                unbounded.Add($"{name}.{property.Name}");
            }

            foreach (var reference in new[] { schema, schema.TryGetProperty("items", out var items) ? items : schema }
                .Where(part => part.TryGetProperty("$ref", out _)))
            {
                Unbounded(reference.GetProperty("$ref").GetString()!.Split('/')[^1], schemas, seen, unbounded);
            }
        }
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
