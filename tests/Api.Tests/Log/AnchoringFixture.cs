using Ledger.Integrity.Anchoring;
using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Ledger.Api.Tests.Log;

/// <summary>
/// The API anchoring on a chain node of its own (anvil, a block a second, so confirmations come as on a real chain),
/// with a LedgerAnchor contract deployed by dev account 0 (the admin), which allows dev account 1 (the API's anchoring
/// account) and dev account 3 (the tests' own, for contract-level checks on other logs). Dev account 2 is never allowed.
/// </summary>
public class AnchoringFixture : ApiFixture
{
    public static readonly string[] DevKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    ];

    public AnvilNode Chain { get; private set; } = null!;

    public string Contract { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Reads the chain, signing nothing.</summary>
    public Nethereum.Web3.Web3 Reader => new(Chain.RpcUrl);

    /// <summary>A Web3 that signs with dev account <paramref name="index"/>'s key.</summary>
    public Nethereum.Web3.Web3 Account(int index) => LedgerAnchorContract.Signer(new Uri(Chain.RpcUrl), DevKeys[index], 31337);

    public static string AddressOf(int index) => new Nethereum.Web3.Accounts.Account(DevKeys[index]).Address;

    /// <summary>The fixture's contract through the adapter, anchoring with dev account <paramref name="index"/>'s key.</summary>
    public Task<LedgerAnchorContract> AnchorerAsync(int index) =>
        LedgerAnchorContract.ConnectAsync(new Uri(Chain.RpcUrl), Contract, DevKeys[index], signerAccount: null, CancellationToken.None);

    protected override string DatabaseName => "ledger_api_tests_anchoring";

    protected override bool FreshDatabase => true;

    protected override async Task BeforeHostAsync()
    {
        Chain = await AnvilNode.StartAsync(blockTimeSeconds: 1);
        Contract = await LedgerAnchorContract.DeployAsync(Account(0), [AddressOf(1), AddressOf(3)], CancellationToken.None);
    }

    protected override void Configure(IWebHostBuilder web) => AnchorOn(web, Chain.RpcUrl, Contract);

    /// <summary>A host anchoring with dev account 1 on this chain and contract, polling fast enough for tests.</summary>
    public static void AnchorOn(IWebHostBuilder web, string rpcUrl, string contract)
    {
        web.UseSetting("Chain:RpcUrl", rpcUrl);
        web.UseSetting("Ledger:Anchoring:Enabled", "true");
        web.UseSetting("Ledger:Anchoring:ChainId", "31337");
        web.UseSetting("Ledger:Anchoring:Contract", contract);
        web.UseSetting("Ledger:Anchoring:PrivateKey", DevKeys[1]);
        web.UseSetting("Ledger:Anchoring:Confirmations", "2");
        web.UseSetting("Ledger:Anchoring:PollMilliseconds", "300");
        web.UseSetting("Ledger:Anchoring:MaxBackoffSeconds", "2");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Chain.DisposeAsync();
        Http.Dispose();
    }
}
