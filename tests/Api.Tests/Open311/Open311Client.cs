using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Marten;
using Npgsql;

namespace Ledger.Api.Tests.Open311;

/// <summary>
/// A city-service client of one test: a category of its own published straight into the event store (not through another
/// team's endpoint), a channel key issued through the admin API, and form posts to the <c>.json</c> paths as clients send them.
/// </summary>
public sealed class Open311Client(ApiFixture fixture)
{
    public const string Huangpu = "310101";

    public static readonly IReadOnlyDictionary<string, string> AtTheBund = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["lat"] = "31.2400",
        ["long"] = "121.4900",
        ["attribute[district]"] = Huangpu,
        ["attribute[grid_cell]"] = "310101-002-017",
        ["attribute[street]"] = "外滩街道",
    };

    public string Department { get; } = City.NewAgencyCode();

    public string ServiceCode { get; } = "TEST-" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999);

    public string ApiKey { get; private set; } = "";

    public Guid KeyId { get; private set; }

    public async Task<Open311Client> Ready(string channel = "12345 热线")
    {
        await using (var session = fixture.Store.LightweightSession())
        {
            var definition = new CategoryDefinition("乱停车", Department,
            [
                new SeverityLimits(Severity.Urgent, TimeLimit.Hours(1), TimeLimit.Days(1), TimeLimit.Hours(4)),
                new SeverityLimits(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(5), TimeLimit.Days(1)),
            ]);
            session.Events.StartStream<Category>(Category.StreamId(ServiceCode),
                CategoryDecisions.Decide(new PublishCategory(ServiceCode, definition, City.Administrator), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var issued = await new City(fixture).Send(HttpMethod.Post, "/api/open311/keys", new { channel, source = "Hotline12345" }, new City(fixture).AdminToken, 201);
        ApiKey = issued.GetProperty("apiKey").GetString()!;
        KeyId = issued.GetProperty("id").GetGuid();
        return this;
    }

    /// <summary>A form post of a service request: this client's key and service code, then <paramref name="fields"/> (a null value leaves a field out).</summary>
    public async Task<(int Status, JsonElement Body, string Text)> Post(IReadOnlyDictionary<string, string?> fields)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal) { ["api_key"] = ApiKey, ["service_code"] = ServiceCode, ["description"] = "人行道上违法停车" };
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                form.Remove(name);
            }
            else
            {
                form[name] = value;
            }
        }

        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.FormData(form).ToUrl("/open311/v2/requests.json");
            scenario.IgnoreStatusCode();
        });
        var text = result.ReadAsText();
        return (result.Context.Response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    public static IReadOnlyDictionary<string, string?> With(params (string Name, string? Value)[] fields)
    {
        var form = AtTheBund.ToDictionary(field => field.Key, field => (string?)field.Value, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }

        return form;
    }

    /// <summary>Posts a valid request at the Bund (with these changes) and answers the new case's id.</summary>
    public async Task<Guid> Report(params (string Name, string? Value)[] fields)
    {
        var (status, body, text) = await Post(With(fields));
        status.ShouldBe(201, text);
        return Guid.Parse(body[0].GetProperty("service_request_id").GetString()!);
    }

    public async Task<(int Status, JsonElement Body, string Text)> Get(string url)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            scenario.IgnoreStatusCode();
        });
        var text = result.ReadAsText();
        return (result.Context.Response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    public async Task<JsonElement> Read(Guid caseId)
    {
        var (status, body, text) = await Get($"/open311/v2/requests/{caseId}.json");
        status.ShouldBe(200, text);
        body.GetArrayLength().ShouldBe(1);
        return body[0];
    }

    public async Task<long> CasesReported()
    {
        await using var query = fixture.Store.QuerySession();
        return (await query.QueryAsync<long>("select count(*) from ledger.mt_events where type = 'case_reported.v1'", CancellationToken.None)).Single();
    }

    /// <summary>Every row of the case's events and of its read model, as stored: what must not hold a reporter's values.</summary>
    public async Task<string> StoredJsonOf(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(data::text, ' ') from (select data from ledger.mt_events where stream_id = $1 union all select data from ledger.mt_doc_casestatus where id = $1) rows",
            connection)
        {
            Parameters = { new() { Value = caseId } },
        };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The centre refuses to register the case (不予立案), straight into the event store: the case is then closed.</summary>
    public async Task NotRegistered(Guid caseId)
    {
        await using var session = fixture.Store.LightweightSession();
        session.Events.Append(caseId, new CaseNotRegistered(caseId, "不属于城市管理范围", new Actor(City.Administrator.Agency, "centre.wang"), DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }
}
