using JasperFx;
using JasperFx.CodeGeneration;

namespace Ledger.Api.Problems;

/// <summary>
/// Every command on an existing stream (a POST whose route names the stream) can answer 404 for an unknown stream, 409 for
/// a stale expected version and 422 for a broken rule; this documents those three problems once for all such endpoints.
/// </summary>
public sealed class StreamCommandResponses : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(chain => chain.HttpMethods.Contains("POST", StringComparer.OrdinalIgnoreCase) && chain.RoutePattern?.Parameters.Count > 0))
        {
            chain.Metadata.ProducesProblem(StatusCodes.Status404NotFound);
            chain.Metadata.ProducesProblem(StatusCodes.Status409Conflict);
            chain.Metadata.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
    }
}
