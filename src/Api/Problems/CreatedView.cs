using JasperFx.CodeGeneration.Frames;
using Marten;
using Wolverine;
using Wolverine.Configuration;

namespace Ledger.Api.Problems;

/// <summary>
/// The response of a command endpoint that starts streams (<c>MartenOps.StartStream</c>): 201 Created with the new stream's
/// location and its inline read model as it stands once the events are committed. Like Wolverine's <c>CreationResponse</c>,
/// but answering with the read model callers see, as <see cref="UpdatedView{TView}"/> does for commands on existing streams.
/// </summary>
public sealed record CreatedView<TView>(string Location, Func<CommittedViews, CancellationToken, Task<TView?>> Read) : IResponseAware
    where TView : class
{
    public static CreatedView<TView> Of(Guid streamId, string location) =>
        new(location, (views, cancellation) => views.LoadAsync<TView>(streamId, cancellation));

    public static void ConfigureResponse(IChain chain)
    {
        var created = chain.ReturnVariablesOfType(typeof(CreatedView<TView>)).Single();
        var answer = new MethodCall(typeof(CreatedView<TView>), nameof(SaveAndAnswer)) { CommentText = $"Commit, then answer 201 with the {typeof(TView).Name} read model" };
        answer.Arguments[1] = created;
        chain.UseForResponse(answer);
    }

    public static async Task<TView> SaveAndAnswer(IDocumentSession session, CreatedView<TView> created, HttpResponse response, CancellationToken cancellation)
    {
        await session.SaveChangesAsync(cancellation);
        CommittedWrite.Mark(response.HttpContext, created.Location);
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = created.Location;
        return await created.Read(CommittedViews.Of(session, response.HttpContext), cancellation)
            ?? throw new InvalidOperationException($"The inline {typeof(TView).Name} at {created.Location} is missing after a write.");
    }
}
