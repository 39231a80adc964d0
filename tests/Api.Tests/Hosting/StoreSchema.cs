using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The API keeping the event store, the log and the vault in a schema of the operator's choosing.</summary>
public sealed class OtherSchemaNode : ApiFixture
{
    public const string Schema = "city_ledger";

    protected override string DatabaseName => "ledger_api_tests_schema";

    protected override bool FreshDatabase => true;

    protected override void Configure(IWebHostBuilder web) => web.UseSetting("Ledger:Schema", Schema);
}

public class StoreSchema(OtherSchemaNode fixture) : IClassFixture<OtherSchemaNode>
{
    [Fact]
    public async Task the_events_the_log_and_the_vault_live_in_the_configured_schema()
    {
        var city = await new City(fixture).WithPortal();
        await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Host.GetAsJson<JsonElement>("/api/ledger/head")).GetProperty("treeSize").GetInt64() < 2)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the log did not take in the events");
            await Task.Delay(200);
        }

        var streams = await city.Send(HttpMethod.Get, "/api/audit/streams?kind=agency", null, city.AdminToken, 200);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "select table_schema, count(*) from information_schema.tables where table_name in ('mt_events', 'log_leaves', 'vault_subjects') group by table_schema", connection);
        await using var reader = await tables.ExecuteReaderAsync();
        var bySchema = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            bySchema[reader.GetString(0)] = reader.GetInt64(1);
        }

        bySchema.ShouldBe(new Dictionary<string, long>(StringComparer.Ordinal) { [OtherSchemaNode.Schema] = 3 });
        streams.GetArrayLength().ShouldBeGreaterThan(0);
    }
}
