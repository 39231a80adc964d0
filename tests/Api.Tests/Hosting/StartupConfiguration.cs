using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

/// <summary>The API process started with a configuration it cannot run on: it says what is wrong, one line per problem, and exits.</summary>
public class StartupConfiguration
{
    [Fact]
    public async Task an_api_started_without_its_keys_on_an_unreachable_database_and_the_wrong_chain_names_each_problem_and_exits()
    {
        // Given no token key, checkpoint key or key-encryption key, a database nobody listens for, a negative limit,
        // and anchoring told to expect chain 1 on the test's node (31337) at a contract address that is not one
        var unreachable = FreePort();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Ledger"] = $"Host=127.0.0.1;Port={unreachable};Database=ledger;Username=ledger;Password=do-not-print-me",
            ["Limits__MaxBodyKilobytes"] = "-5",
            ["Ledger__Anchoring__Enabled"] = "true",
            ["Ledger__Anchoring__ChainId"] = "1",
            ["Ledger__Anchoring__Contract"] = "0x1234",
            ["Ledger__Anchoring__PrivateKey"] = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            ["Chain__RpcUrl"] = TestEnvironment.ChainRpcUrl,
        };

        // When the API starts
        var (exitCode, output) = await RunApi(environment);

        // Then it exits at once with one line for each problem, naming its setting, and no stack trace or password
        exitCode.ShouldBe(2, output);
        var problems = output.Split('\n').Where(line => line.StartsWith("[ledger] cannot start: ", StringComparison.Ordinal)).ToList();
        problems.ShouldSatisfyAllConditions(
            () => problems.ShouldContain(line => line.Contains("token verification: No token signing keys", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains("checkpoint signing key: No checkpoint signing key", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains("personal data vault: The personal data vault has no key-encryption key", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains("Limits:MaxBodyKilobytes is '-5'", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains($"database: PostgreSQL at 127.0.0.1:{unreachable}", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains("Ledger:Anchoring:Contract must be", StringComparison.Ordinal)),
            () => problems.ShouldContain(line => line.Contains("is chain 31337, but Ledger:Anchoring:ChainId is 1", StringComparison.Ordinal)));
        problems.Count.ShouldBe(7, output);
        output.ShouldNotContain("   at ");
        output.ShouldNotContain("do-not-print-me");
    }

    private static async Task<(int ExitCode, string Output)> RunApi(Dictionary<string, string> environment)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
        var start = new ProcessStartInfo("dotnet", $"\"{Repository.PathTo($"src/Api/bin/{configuration}/net10.0/Ledger.Api.dll")}\"")
        {
            WorkingDirectory = Repository.PathTo("src/Api"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var api = Process.Start(start) ?? throw new InvalidOperationException("The API did not start.");
        var output = api.StandardOutput.ReadToEndAsync();
        var error = api.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await api.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException stillRunning)
        {
            api.Kill(entireProcessTree: true);
            throw new TimeoutException("The API did not exit within 60 seconds of a configuration it cannot run on.", stillRunning);
        }

        return (api.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
