using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Marten;

namespace Ledger.Api.Tests;

public static class Requests
{
    private const string MartenTombstone = "tombstone";

    public static string Sha256Of(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static object Application(string matterCode, params (string Name, string Sha256)[] materials) => new
    {
        matterCode,
        applicant = new { kind = "Enterprise", name = "上海小笼包餐饮有限公司", identityNumber = "91310101MA1FPX1234" },
        materials = materials.Select(material => new { name = material.Name, sha256 = material.Sha256 }).ToArray(),
    };

    /// <summary>
    /// How many events agencies and citizens have caused: the ledger's own checkpoint and anchor events, which the
    /// host appends in the background at any moment, are left out, and so are Marten's tombstones, the empty rows it
    /// writes to fill the sequence numbers a failed or refused append had reserved.
    /// </summary>
    public static async Task<long> EventCount(this IDocumentStore store)
    {
        await using var query = store.QuerySession();
        var counts = await query.QueryAsync<long>("select count(*) from ledger.mt_events where type <> all(?)", CancellationToken.None,
            (object)Ledger.Integrity.Checkpoints.CheckpointWriter.OwnEventTypes.Append(MartenTombstone).ToArray());
        return counts.Single();
    }

    /// <summary>GET a JSON answer, with a bearer token when given, expecting this status.</summary>
    public static async Task<JsonElement> GetJson(this ApiFixture fixture, string url, int status = 200, string? token = null)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Get.Url(url);
            if (token is not null)
            {
                scenario.WithRequestHeader("Authorization", "Bearer " + token);
            }

            scenario.StatusCodeShouldBe(status);
        });
        return result.Json();
    }

    public static JsonElement Json(this IScenarioResult result) => JsonDocument.Parse(result.ReadAsText()).RootElement;

    public static long Version(this JsonElement status) => status.GetProperty("version").GetInt64();

    public static Guid Id(this JsonElement status) => status.GetProperty("id").GetGuid();
}
