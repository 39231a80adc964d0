using Marten;
using Wolverine;

namespace Ledger.Api.Problems;

/// <summary>What every command on an existing stream does around its Wolverine handler.</summary>
public static class StreamCommands
{
    /// <summary>
    /// 404 for an unknown stream; otherwise hand the command to its handler (which loads the stream at the expected
    /// version, decides and appends, or refuses) and answer with the stream's read model as it now stands, version included.
    /// </summary>
    public static async Task<IResult> Send<TView>(Guid streamId, object command, IQuerySession session, IMessageBus bus, Func<IResult> notFound, CancellationToken cancellation)
        where TView : notnull
    {
        if (await session.Events.FetchStreamStateAsync(streamId, cancellation) is null)
        {
            return notFound();
        }

        await bus.InvokeAsync(command, cancellation);
        return Results.Ok(await session.LoadAsync<TView>(streamId, cancellation));
    }

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, title, detail));
}
