using JasperFx.CodeGeneration.Frames;
using Marten;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Http.Marten;

namespace Ledger.Api.Problems;

/// <summary>
/// The response of a command endpoint on an existing stream (<c>[WriteAggregate]</c>): the stream's inline read model as it
/// stands once the new events are committed, version included. Like Wolverine's <c>UpdatedAggregate</c>, but for the read
/// model callers see rather than the write model the decider sees.
/// </summary>
/// <remarks>
/// Wolverine writes a response before its own commit frame runs, and an inline read model only changes when the events are
/// saved; so the response step saves the session itself and then loads the view. Wolverine's commit after it finds nothing
/// left to save. A stale version still fails the save with a <c>ConcurrencyException</c>, answered 409 as before.
/// </remarks>
public sealed class UpdatedView<TView> : IResponseAware
    where TView : class
{
    public static void ConfigureResponse(IChain chain)
    {
        var streamId = chain.GetAggregateIdVariable()
            ?? throw new InvalidOperationException($"UpdatedView<{typeof(TView).Name}> needs a [WriteAggregate] parameter on {chain}.");
        if (streamId.VariableType != typeof(Guid))
        {
            throw new InvalidOperationException($"UpdatedView<{typeof(TView).Name}> needs a Guid stream id on {chain}.");
        }

        var load = new MethodCall(typeof(UpdatedView<TView>), nameof(SaveAndLoad)) { CommentText = $"Commit, then answer with the {typeof(TView).Name} read model" };
        load.Arguments[1] = streamId;
        chain.UseForResponse(load);
    }

    public static async Task<TView> SaveAndLoad(IDocumentSession session, Guid streamId, HttpResponse response, CancellationToken cancellation)
    {
        await session.SaveChangesAsync(cancellation);
        CommittedWrite.Mark(response.HttpContext, location: null);
        return await CommittedViews.Of(session, response.HttpContext).WrittenAsync<TView>(streamId, cancellation);
    }
}
