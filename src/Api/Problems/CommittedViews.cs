using System.Collections.Concurrent;
using System.Reflection;
using Marten;
using Marten.Services;

namespace Ledger.Api.Problems;

/// <summary>
/// The inline read models a command's own save has just written, to answer it with: taken from the documents Marten
/// wrote in that transaction (so the answer costs no further round trip), or loaded from the database when the save did
/// not write the one asked for.
/// </summary>
public sealed class CommittedViews(IQuerySession session, IReadOnlyCollection<object> written)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Ids = new();

    public static CommittedViews Of(IQuerySession session, HttpContext? request) =>
        new(session, request?.Items[CommittedDocuments.Item] as IReadOnlyCollection<object> ?? []);

    public async Task<TView?> LoadAsync<TView>(Guid id, CancellationToken cancellation)
        where TView : class =>
        Written<TView>(id) ?? await session.LoadAsync<TView>(id, cancellation);

    /// <summary>The inline read model a command's own commit must have written: its absence is a fault, never the caller's.</summary>
    public async Task<TView> WrittenAsync<TView>(Guid id, CancellationToken cancellation)
        where TView : class =>
        await LoadAsync<TView>(id, cancellation)
            ?? throw new InvalidOperationException($"The inline {typeof(TView).Name} of stream {id} is missing after a write.");

    public async Task<IReadOnlyList<TView>> LoadManyAsync<TView>(IReadOnlyCollection<Guid> ids, CancellationToken cancellation)
        where TView : class
    {
        var found = ids.Select(Written<TView>).OfType<TView>().ToList();
        return found.Count == ids.Count ? found : await session.LoadManyAsync<TView>(cancellation, ids);
    }

    private TView? Written<TView>(Guid id)
        where TView : class
    {
        var property = Ids.GetOrAdd(typeof(TView), type => type.GetProperty("Id") is { PropertyType: var idType } found && idType == typeof(Guid) ? found : null);
        return property is null ? null : written.OfType<TView>().LastOrDefault(view => (Guid)property.GetValue(view)! == id);
    }
}

/// <summary>Keeps the documents a request's session committed (inline read models included) for <see cref="CommittedViews"/>.</summary>
public sealed class CommittedDocuments : DocumentSessionListenerBase
{
    public const string Item = "ledger-committed-documents";

    private readonly HttpContextAccessor requests = new();

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (requests.HttpContext is { } request)
        {
            request.Items[Item] = commit.Inserted.Concat(commit.Updated).ToList();
        }

        return Task.CompletedTask;
    }
}
