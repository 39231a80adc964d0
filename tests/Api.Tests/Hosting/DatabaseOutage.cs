using System.Collections.Concurrent;
using Alba;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The API on a PostgreSQL cluster of its own, which the test stops and starts under load.</summary>
public sealed class OutageFixture : ApiFixture
{
    public OwnPostgres Postgres { get; } = new();

    protected override string DatabaseName => "ledger";

    protected override async Task<string> DatabaseAsync()
    {
        await Postgres.StartAsync();
        return Postgres.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

public class DatabaseOutage(OutageFixture fixture) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task while_the_database_restarts_callers_get_503_with_retry_after_never_500_and_the_api_recovers_by_itself()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        var matter = await city.PublishMatter("企业设立登记", market, []);
        var statuses = new ConcurrentBag<(int Status, string? Code, bool RetryAfter)>();
        using var stop = new CancellationTokenSource();

        async Task Load(int worker)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var result = await fixture.Host.Scenario(scenario =>
                {
                    if (n % 2 == 0)
                    {
                        scenario.Post.Json(Requests.Application(matter, ("申请书", Requests.Sha256Of($"{worker}:{n}")))).ToUrl("/api/applications");
                        scenario.WithRequestHeader("Authorization", "Bearer " + city.PortalToken);
                    }
                    else
                    {
                        scenario.Get.Url("/api/matters");
                    }

                    scenario.IgnoreStatusCode();
                });
                var status = result.Context.Response.StatusCode;
                var code = status >= 400 ? result.Json().GetProperty("code").GetString() : null;
                statuses.Add((status, code, result.Context.Response.Headers.ContainsKey("Retry-After")));
                await Task.Delay(20);
            }
        }

        // Given a small load, when the database stops for a few seconds and comes back
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(Load));
        await Task.Delay(1000);
        await fixture.Postgres.StopAsync();
        await Task.Delay(3000);
        var during = statuses.Count;
        await fixture.Postgres.StartAsync();
        await Task.Delay(4000);
        await stop.CancelAsync();
        await load;

        // Then no caller saw a 500, the outage was a 503 with Retry-After, and the API answers again without a restart
        statuses.ShouldNotContain(answer => answer.Status >= 500 && answer.Status != 503, string.Join(", ", statuses.Where(answer => answer.Status >= 500).Select(answer => $"{answer.Status} {answer.Code}").Distinct(StringComparer.Ordinal)));
        statuses.Where(answer => answer.Status == 503).ShouldNotBeEmpty("the outage was not seen at all");
        statuses.Where(answer => answer.Status == 503).ShouldAllBe(answer => answer.Code == "unavailable" && answer.RetryAfter);
        during.ShouldBeGreaterThan(0);
        await city.Send(HttpMethod.Post, "/api/applications", Requests.Application(matter, ("申请书", Requests.Sha256Of("after the outage"))), city.PortalToken, 201);
    }
}
