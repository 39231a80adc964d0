using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Incidents;
using Ledger.Projections.Open311;
using Marten;
using Wolverine.Marten;

namespace Ledger.Api.Open311;

public sealed record IssueOpen311Key(string Channel, CaseSource Source)
{
    public const int MaxChannelLength = 100;

    public sealed class Validator : AbstractValidator<IssueOpen311Key>
    {
        public Validator()
        {
            RuleFor(request => request.Channel).NotEmpty().MaximumLength(MaxChannelLength)
                .Must(channel => channel is null || channel.Trim().Length == channel.Length).WithMessage("A channel name has no leading or trailing spaces.");
            RuleFor(request => request.Source).IsInEnum();
        }
    }
}

/// <summary>A channel's key as the administrators see it: never the key itself.</summary>
public sealed record Open311KeyView(Guid Id, string Channel, CaseSource Source, string Agency, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static Open311KeyView Of(Open311Key key) => new(key.Id, key.Channel, key.Source, key.Agency, key.IssuedBy, key.IssuedAt, key.RevokedAt, key.RevokedBy);
}

/// <summary>The answer to issuing a key: the only time the key is shown.</summary>
public sealed record IssuedOpen311Key(Guid Id, string Channel, CaseSource Source, string ApiKey, DateTimeOffset IssuedAt);

public static class Open311KeyEndpoints
{
    /// <summary>SHA-256 of the key as the channel sends it, lower-case hex: what is stored and looked up.</summary>
    public static string HashOf(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    [WolverinePost("/api/open311/keys", OperationId = "issueOpen311Key")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Open311")]
    [EndpointSummary("Issue an Open311 API key to a channel")]
    [EndpointDescription("A channel (the 12345 hotline's system, a district's app) posts service requests with this key as `api_key`. The key (32 random bytes, base64url) is in this answer only: the ledger keeps its SHA-256. Cases the channel reports are recorded with the source given here, by the issuing administrator's agency and officer `open311:` + the channel's name.")]
    [ProducesResponseType<IssuedOpen311Key>(StatusCodes.Status201Created)]
    public static (CreatedView<IssuedOpen311Key>, IMartenOp) Issue(IssueOpen311Key request, ClaimsPrincipal user, TimeProvider time)
    {
        var by = AccessTokens.ActorOf(user);
        var apiKey = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = new Open311Key(Guid.CreateVersion7(), request.Channel, request.Source, HashOf(apiKey), by.Agency, by.Officer, time.GetUtcNow());
        var issued = new IssuedOpen311Key(key.Id, key.Channel, key.Source, apiKey, key.IssuedAt);
        return (new CreatedView<IssuedOpen311Key>("/api/open311/keys/" + key.Id, (_, _) => Task.FromResult<IssuedOpen311Key?>(issued)), MartenOps.Store(key));
    }

    [WolverineGet("/api/open311/keys", OperationId = "listOpen311Keys")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Open311")]
    [EndpointSummary("The Open311 channels and their keys' state (never the keys)")]
    public static async Task<IReadOnlyList<Open311KeyView>> List(IQuerySession session, CancellationToken cancellation) =>
        (await session.Query<Open311Key>().OrderBy(key => key.IssuedAt).ToListAsync(cancellation)).Select(Open311KeyView.Of).ToList();

    [WolverinePost("/api/open311/keys/{id}/revocation", OperationId = "revokeOpen311Key")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Open311")]
    [EndpointSummary("Revoke a channel's Open311 key")]
    [EndpointDescription("From now on a post with this key is refused (403). Revoking a revoked key changes nothing.")]
    [ProducesResponseType<Open311KeyView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Revoke(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var key = await session.LoadAsync<Open311Key>(id, cancellation);
        if (key is null)
        {
            return Problem.NotFoundResult("No such key.", $"No Open311 key {id} was issued.");
        }

        if (key.RevokedAt is null)
        {
            key = key with { RevokedAt = time.GetUtcNow(), RevokedBy = AccessTokens.ActorOf(user).Officer };
            session.Store(key);
        }

        return new SavedResult(session, Results.Ok(Open311KeyView.Of(key)));
    }
}

/// <summary>
/// Commits the session, then writes the answer: Wolverine writes a response before its own commit frame runs, and a
/// caller told "revoked" must not get its key accepted by a request that races the commit.
/// </summary>
public sealed class SavedResult(IDocumentSession session, IResult answer) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await session.SaveChangesAsync(httpContext.RequestAborted);
        await answer.ExecuteAsync(httpContext);
    }
}
