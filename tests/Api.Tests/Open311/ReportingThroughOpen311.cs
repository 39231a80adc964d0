using System.Text.Json;
using Ledger.Api.Tests.Log;

namespace Ledger.Api.Tests.Open311;

[Collection(ApiCollection.Name)]
public class ReportingThroughOpen311(ApiFixture fixture)
{
    private const string ReporterName = "欧阳明辉";
    private const string ReporterPhone = "13912345678";
    private const string ReporterEmail = "ouyang.minghui@example.cn";
    private const string HomeAddress = "上海市黄浦区中山东一路18号602室";

    private async Task<Open311Client> Client() => await new Open311Client(fixture).Ready();

    [Fact]
    public async Task given_a_published_category_when_a_client_lists_services_then_it_is_a_service_grouped_under_its_department()
    {
        var client = await Client();

        var (status, services, _) = await client.Get("/open311/v2/services.json");

        status.ShouldBe(200);
        var service = services.EnumerateArray().Single(service => string.Equals(service.GetProperty("service_code").GetString(), client.ServiceCode, StringComparison.Ordinal));
        service.GetProperty("service_name").GetString().ShouldBe("乱停车");
        service.GetProperty("metadata").GetBoolean().ShouldBeTrue();
        service.GetProperty("type").GetString().ShouldBe("realtime");
        service.GetProperty("group").GetString().ShouldBe(client.Department);
        service.GetProperty("keywords").GetString()!.ShouldContain("乱停车");
    }

    [Fact]
    public async Task given_a_category_when_a_client_reads_its_definition_then_district_and_grid_cell_are_required_and_severities_are_the_categorys()
    {
        var client = await Client();

        var (status, definition, _) = await client.Get($"/open311/v2/services/{client.ServiceCode}.json");

        status.ShouldBe(200);
        definition.GetProperty("service_code").GetString().ShouldBe(client.ServiceCode);
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToDictionary(attribute => attribute.GetProperty("code").GetString()!, StringComparer.Ordinal);
        attributes["district"].GetProperty("required").GetBoolean().ShouldBeTrue();
        attributes["district"].GetProperty("datatype").GetString().ShouldBe("singlevaluelist");
        attributes["district"].GetProperty("values").GetArrayLength().ShouldBe(16);
        attributes["district"].GetProperty("values").EnumerateArray().ShouldContain(value => value.GetProperty("key").GetString() == "310101" && value.GetProperty("name").GetString() == "黄浦区");
        attributes["grid_cell"].GetProperty("required").GetBoolean().ShouldBeTrue();
        attributes["street"].GetProperty("required").GetBoolean().ShouldBeFalse();
        attributes["severity"].GetProperty("values").EnumerateArray().Select(value => value.GetProperty("key").GetString()).ShouldBe(["Routine", "Urgent"]);
    }

    [Fact]
    public async Task given_no_such_category_when_a_client_reads_its_definition_then_it_is_404_in_the_error_list_form()
    {
        var client = await Client();

        var (status, errors, _) = await client.Get("/open311/v2/services/NO-SUCH-CATEGORY.json");

        status.ShouldBe(404);
        ShouldBeErrorList(errors, 404, "unknown-category");
    }

    [Fact]
    public async Task given_a_reporter_when_a_request_with_a_position_is_posted_then_it_is_an_open_case_with_its_leaf_and_none_of_the_reporters_data()
    {
        var client = await Client();
        var reported = await client.CasesReported();

        var (status, created, text) = await client.Post(Open311Client.With(
            ("first_name", "明辉"), ("last_name", "欧阳"), ("phone", ReporterPhone), ("email", ReporterEmail), ("device_id", "device-4711"),
            ("attribute[attachment]", Requests.Sha256Of("photo of the car"))));

        status.ShouldBe(201, text);
        (await client.CasesReported()).ShouldBe(reported + 1);
        created[0].GetProperty("service_notice").GetString().ShouldNotBeNullOrEmpty();
        created[0].GetProperty("account_id").ValueKind.ShouldBe(JsonValueKind.Null);
        var caseId = Guid.Parse(created[0].GetProperty("service_request_id").GetString()!);

        var position = await fixture.LastBusinessEventPosition();
        await fixture.LoggedThrough(position);
        var request = await client.Read(caseId);
        request.GetProperty("status").GetString().ShouldBe("open");
        request.GetProperty("service_code").GetString().ShouldBe(client.ServiceCode);
        request.GetProperty("service_name").GetString().ShouldBe("乱停车");
        request.GetProperty("description").GetString().ShouldBe("人行道上违法停车");
        request.GetProperty("agency_responsible").GetString().ShouldBe(client.Department);
        request.GetProperty("address").GetString().ShouldBe("黄浦区外滩街道");
        request.GetProperty("lat").GetDouble().ShouldBe(31.24);
        request.GetProperty("long").GetDouble().ShouldBe(121.49);
        request.GetProperty("status_notes").GetString().ShouldBe("已受理，待立案");
        request.GetProperty("address_id").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("media_url").ValueKind.ShouldBe(JsonValueKind.Null);
        var leaf = (await fixture.Log().Store.LeafOfEventAsync(position, CancellationToken.None)).ShouldNotBeNull();
        request.GetProperty("leaf_index").GetInt64().ShouldBe(leaf.Index);

        var everywhere = request.GetRawText() + (await client.Get("/open311/v2/requests.json")).Text + await client.StoredJsonOf(caseId);
        foreach (var value in new[] { "明辉", "欧阳", ReporterName, ReporterPhone, ReporterEmail, "device-4711" })
        {
            everywhere.ShouldNotContain(value);
        }
    }

    [Fact]
    public async Task given_only_an_address_when_a_request_is_posted_then_it_is_a_case_without_a_position_and_the_address_is_never_read_back()
    {
        var client = await Client();

        var caseId = await client.Report(("lat", null), ("long", null), ("address_string", HomeAddress));

        var request = await client.Read(caseId);
        request.GetProperty("lat").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("long").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("address").GetString().ShouldBe("黄浦区外滩街道");
        var everywhere = request.GetRawText() + (await client.Get("/open311/v2/requests.json")).Text + await client.StoredJsonOf(caseId);
        everywhere.ShouldNotContain("中山东一路");
        (await client.StoredJsonOf(caseId)).ShouldContain("givenAddress");
    }

    [Theory]
    [InlineData(null, "api-key-missing")]
    [InlineData("not-a-key-anyone-was-given", "api-key-unknown")]
    public async Task given_no_valid_key_when_a_request_is_posted_then_it_is_forbidden_and_nothing_is_reported(string? apiKey, string description)
    {
        var client = await Client();
        var reported = await client.CasesReported();

        var (status, errors, _) = await client.Post(Open311Client.With(("api_key", apiKey)));

        status.ShouldBe(403);
        ShouldBeErrorList(errors, 403, description);
        (await client.CasesReported()).ShouldBe(reported);
    }

    [Fact]
    public async Task given_a_revoked_key_when_its_channel_posts_then_it_is_forbidden()
    {
        var client = await Client();
        await client.Report();

        await new City(fixture).Send(HttpMethod.Post, $"/api/open311/keys/{client.KeyId}/revocation", null, new City(fixture).AdminToken, 200);
        var (status, errors, _) = await client.Post(Open311Client.With());

        status.ShouldBe(403);
        ShouldBeErrorList(errors, 403, "api-key-revoked");
        var keys = await new City(fixture).Send(HttpMethod.Get, "/api/open311/keys", null, new City(fixture).AdminToken, 200);
        var listed = keys.EnumerateArray().Single(key => key.GetProperty("id").GetGuid() == client.KeyId);
        listed.GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
        keys.GetRawText().ShouldNotContain(client.ApiKey);
    }

    [Theory]
    [InlineData("service_code", "NO-SUCH-CATEGORY", "unknown-category")]
    [InlineData("lat", "39.9042", "location-outside-city")]
    [InlineData("attribute[district]", "310102", "unknown-district")]
    [InlineData("attribute[grid_cell]", "310104-002-017", "unknown-grid-cell")]
    public async Task given_a_request_that_breaks_a_rule_when_it_is_posted_then_the_rule_is_the_description_and_nothing_is_reported(
        string field, string? value, string description)
    {
        var client = await Client();
        var reported = await client.CasesReported();

        var (status, errors, _) = await client.Post(Open311Client.With((field, value), ("first_name", "明辉"), ("phone", ReporterPhone)));

        status.ShouldBe(400);
        ShouldBeErrorList(errors, 400, description);
        (await client.CasesReported()).ShouldBe(reported);
    }

    [Fact]
    public async Task given_a_form_missing_what_a_case_needs_when_it_is_posted_then_each_problem_is_listed()
    {
        var client = await Client();

        var (status, errors, _) = await client.Post(Open311Client.With(("lat", null), ("long", null), ("attribute[grid_cell]", null), ("media_url", "http://example.cn/a.jpg")));

        status.ShouldBe(400);
        errors.EnumerateArray().Select(error => error.GetProperty("description").GetString()).ShouldBe(
            ["lat and long, or address_string, are required.", "attribute[grid_cell] is required.",
             "media_url is not accepted: the ledger keeps photos by their SHA-256; send each as attribute[attachment] (64 hex digits)."],
            ignoreOrder: true);
    }

    [Fact]
    public async Task given_open_and_closed_cases_when_a_client_filters_then_status_service_code_and_dates_select_them()
    {
        var client = await Client();
        var open = await client.Report();
        var closed = await client.Report(("attribute[severity]", "Urgent"));
        await client.NotRegistered(closed);

        var mine = $"/open311/v2/requests.json?service_code={client.ServiceCode}";
        (await Ids(client, mine)).ShouldBe([closed, open]);
        (await Ids(client, mine + "&status=open")).ShouldBe([open]);
        (await Ids(client, mine + "&status=closed")).ShouldBe([closed]);
        (await client.Read(closed)).GetProperty("status_notes").GetString().ShouldBe("不予立案");
        var today = DateTimeOffset.UtcNow;
        (await Ids(client, mine + $"&start_date={Iso(today.AddHours(-1))}&end_date={Iso(today.AddHours(1))}")).ShouldBe([closed, open]);
        (await Ids(client, mine + $"&start_date={Iso(today.AddDays(-30))}&end_date={Iso(today.AddDays(-1))}")).ShouldBeEmpty();
        (await Ids(client, $"/open311/v2/requests.json?service_request_id={open},{Guid.NewGuid()}")).ShouldBe([open]);
        (await Ids(client, "/open311/v2/requests.json?service_code=NO-SUCH-CATEGORY")).ShouldBeEmpty();

        var (status, errors, _) = await client.Get(mine + $"&start_date={Iso(today.AddDays(-200))}&end_date={Iso(today)}");
        status.ShouldBe(400);
        errors[0].GetProperty("code").GetInt32().ShouldBe(400);
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<List<Guid>> Ids(Open311Client client, string url)
    {
        var (status, requests, text) = await client.Get(url);
        status.ShouldBe(200, text);
        return [.. requests.EnumerateArray().Select(request => Guid.Parse(request.GetProperty("service_request_id").GetString()!))];
    }

    private static void ShouldBeErrorList(JsonElement errors, int code, string description)
    {
        errors.ValueKind.ShouldBe(JsonValueKind.Array);
        errors.GetArrayLength().ShouldBe(1);
        errors[0].GetProperty("code").GetInt32().ShouldBe(code);
        errors[0].GetProperty("description").GetString().ShouldBe(description);
    }
}
