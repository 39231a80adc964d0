using Ledger.Integrity.Anchoring;
using Ledger.Domain.Log;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Log;

/// <summary>The first of two API nodes on one database and one chain; it starts the chain and deploys the contract.</summary>
public sealed class FirstAnchoringNode : AnchoringFixture
{
    protected override string DatabaseName => "ledger_api_tests_two_anchorers";

    protected override bool SoloNode => false;

    protected override void Configure(IWebHostBuilder web)
    {
        base.Configure(web);
        web.UseSetting("Projections:DaemonMode", "HotCold");
    }
}

/// <summary>A second node of the same ledger: the same database, chain, contract and anchoring account.</summary>
public sealed class SecondAnchoringNode(FirstAnchoringNode first) : ApiFixture
{
    protected override string DatabaseName => "ledger_api_tests_two_anchorers";

    protected override bool SoloNode => false;

    protected override void Configure(IWebHostBuilder web)
    {
        AnchoringFixture.AnchorOn(web, first.Chain.RpcUrl, first.Contract);
        web.UseSetting("Projections:DaemonMode", "HotCold");
    }
}

public class AnchoringOnTwoNodes
{
    private static bool Anchors(ApiFixture node) =>
        node.Host.Services.GetServices<Wolverine.Runtime.Agents.IAgentFamily>().OfType<AnchoringScheduler>().Single().IsRunning;

    [Fact]
    public async Task exactly_one_of_two_nodes_anchors_and_the_other_takes_over_when_it_stops()
    {
        var first = new FirstAnchoringNode();
        await first.InitializeAsync();
        var second = new SecondAnchoringNode(first);
        await second.InitializeAsync();
        try
        {
            await AnchorOnOneNodeThenTheOther(first, second);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private static async Task AnchorOnOneNodeThenTheOther(FirstAnchoringNode first, SecondAnchoringNode second)
    {
        var city = await new City(first).WithPortal();
        await city.RegisterAgency("上海市市场监督管理局", "黄浦");
        await first.AnchoredThroughNewestEvent();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Anchors(first) == Anchors(second))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"anchoring runs on {(Anchors(first) ? "both nodes" : "neither node")}");
            await Task.Delay(200);
        }

        var (anchoring, other) = Anchors(first) ? ((ApiFixture)first, (ApiFixture)second) : (second, first);
        await anchoring.Host.StopAsync();
        await new City(other).WithPortal();
        await other.AnchoredThroughNewestEvent();

        Anchors(other).ShouldBeTrue("the node left running took anchoring over");
        await using var query = other.Store.QuerySession();
        var abandoned = await query.Events.QueryRawEventDataOnly<AnchorAbandoned>().ToListAsync();
        abandoned.ShouldBeEmpty("no node sent an anchor another node had sent");
    }
}
