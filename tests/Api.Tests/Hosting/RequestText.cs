using Alba;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// How the API reads a request's JSON, the same for every command: a property the command does not have is refused,
/// text is kept in Unicode NFC, and text that is not Unicode or carries control characters is refused. Refusals append nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public class RequestText(ApiFixture fixture)
{
    private static string Agency(string code, string name) =>
        $$"""{"creditCode": "{{code}}", "name": "{{name}}", "district": "黄浦", "certificateTypes": []}""";

    private Task<IScenarioResult> Register(string body, int status) => fixture.Host.Scenario(scenario =>
    {
        scenario.Post.Text(body).ToUrl("/api/agencies");
        scenario.WithRequestHeader("Content-Type", "application/json");
        scenario.WithRequestHeader("Authorization", "Bearer " + new City(fixture).AdminToken);
        scenario.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task a_property_the_command_does_not_have_is_refused_as_an_unknown_field_and_appends_nothing()
    {
        var events = await fixture.Store.EventCount();

        var result = await Register(Agency(City.NewAgencyCode(), "上海市绿化和市容管理局").Replace("\"district\"", "\"colour\": \"green\", \"district\"", StringComparison.Ordinal), 400);

        result.Json().GetProperty("code").GetString().ShouldBe("unknown-field");
        result.Json().GetProperty("detail").GetString()!.ShouldContain("colour");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }

    [Fact]
    public async Task text_sent_decomposed_is_recorded_composed()
    {
        var code = City.NewAgencyCode();

        await Register(Agency(code, "Cafe\u0301 上海市商务委员会"), 201);

        var agency = await new City(fixture).Send(HttpMethod.Get, "/api/agencies/" + code, null, null, 200);
        agency.GetProperty("name").GetString().ShouldBe("Caf\u00e9 上海市商务委员会");
    }

    [Theory]
    [InlineData("上海市\\u0000商务委员会")]
    [InlineData("上海市\\u001b[31m商务委员会")]
    [InlineData("上海市\\ud800商务委员会")]
    public async Task text_with_control_characters_or_lone_surrogates_is_malformed_and_appends_nothing(string name)
    {
        var events = await fixture.Store.EventCount();

        var result = await Register(Agency(City.NewAgencyCode(), name), 400);

        result.Json().GetProperty("code").GetString().ShouldBe("malformed-request");
        (await fixture.Store.EventCount()).ShouldBe(events);
    }
}
