using System.Text.Json;
using Alba;

namespace Ledger.Api.Tests.Audit;

/// <summary>A full integrity audit started through the API and followed to its report.</summary>
public static class FullAudits
{
    public static async Task<JsonElement> FullAudit(this ApiFixture fixture, string auditorToken)
    {
        var started = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Url("/api/audit/runs");
            scenario.WithRequestHeader("Authorization", "Bearer " + auditorToken);
            scenario.StatusCodeShouldBe(202);
        });
        var location = started.Json().GetProperty("location").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = (await fixture.Host.Scenario(scenario =>
            {
                scenario.Get.Url(location);
                scenario.WithRequestHeader("Authorization", "Bearer " + auditorToken);
            })).Json();
            if (run.GetProperty("status").GetString() is "Passed" or "Failed" or "Error")
            {
                run.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null, run.GetRawText());
                return run.GetProperty("report");
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the audit did not finish");
            await Task.Delay(250);
        }
    }
}
