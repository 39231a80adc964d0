using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.Health;

/// <summary>Ready when the configured Ethereum JSON-RPC endpoint answers eth_chainId.</summary>
public sealed class ChainReady(HttpClient http, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rpcUrl = configuration["Chain:RpcUrl"];
        if (string.IsNullOrWhiteSpace(rpcUrl))
        {
            return HealthCheckResult.Unhealthy("Chain:RpcUrl is not configured.");
        }

        try
        {
            using var response = await http.PostAsJsonAsync(
                rpcUrl, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!body.RootElement.TryGetProperty("result", out var chainId))
            {
                return HealthCheckResult.Unhealthy("The chain RPC answered without a chain id.");
            }

            var id = Convert.ToInt64(chainId.GetString(), 16);
            return HealthCheckResult.Healthy($"Chain {id} answers at {rpcUrl}.");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or FormatException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The chain RPC at {rpcUrl} does not answer: {exception.Message}");
        }
    }
}
