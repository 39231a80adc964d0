using System.Globalization;
using Ledger.Integrity.Merkle;
using Ledger.Integrity.Storage;
using Ledger.Projections.Log;
using Marten;

namespace Ledger.Api.Log;

public sealed record LogHeadView(long TreeSize, string RootHash, long LastPosition, DateTimeOffset UpdatedAt);

/// <summary>A leaf as the public sees it: its hash, position and event type; <see cref="CanonicalBytes"/> (base64) only for auditors and administrators.</summary>
public sealed record LeafView(long Index, long Position, string EventType, string LeafHash, DateTimeOffset LoggedAt)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? CanonicalBytes { get; init; }
}

public sealed record InclusionProofView(long Index, long TreeSize, string LeafHash, string RootHash, IReadOnlyList<string> Path);

public sealed record ConsistencyProofView(long From, long To, string FromRootHash, string ToRootHash, IReadOnlyList<string> Path);

public sealed record AnchorView(
    long TreeSize,
    string RootHash,
    long ChainId,
    string Contract,
    string TransactionHash,
    long? BlockNumber,
    string? BlockHash,
    DateTimeOffset? BlockTime,
    int? LogIndex,
    int? Confirmations,
    long? GasUsed,
    string SignedNote);

public sealed record CheckpointView(
    string Origin,
    long TreeSize,
    string RootHash,
    string SignedNote,
    string VerifierKey,
    DateTimeOffset SignedAt,
    string AnchorStatus,
    AnchorView? Anchor,
    AnchorView? LatestAnchor);

/// <summary>One signed checkpoint in the history: its C2SP signed note, and its anchor once confirmed.</summary>
public sealed record SignedCheckpointView(long TreeSize, string RootHash, string SignedNote, DateTimeOffset SignedAt, string AnchorStatus, AnchorView? Anchor);

public sealed record LogKeyView(string Origin, string Algorithm, string VerifierKey, string PublicKey);

/// <summary>
/// The public proof API: anyone may read the log's leaves, proofs, checkpoints and anchors, and check them with their own
/// tools; nothing here needs a token, and nothing here is trusted by a verifier beyond the bytes it returns.
/// </summary>
public static class LedgerEndpoints
{
    [WolverineGet("/api/ledger/head", OperationId = "getLogHead")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The log's current size and tree head (unsigned)")]
    [ProducesResponseType<LogHeadView>(StatusCodes.Status200OK)]
    public static async Task<LogHeadView> Head(LedgerLog log, CancellationToken cancellation)
    {
        var head = await log.Store.HeadAsync(cancellation);
        return new LogHeadView(head.Size, Hex(head.Root), head.LastPosition, head.UpdatedAt);
    }

    [WolverineGet("/api/ledger/key", OperationId = "getLogKey")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The checkpoint verifier key")]
    [EndpointDescription("The Ed25519 public key that signs checkpoints, as a C2SP signed-note verifier key (name+keyid+base64(0x01 || key)).")]
    [ProducesResponseType<LogKeyView>(StatusCodes.Status200OK)]
    public static LogKeyView Key(CheckpointKey key) =>
        new(key.Signer.Name, "Ed25519", key.Signer.VerifierKey, Convert.ToBase64String(key.Signer.PublicKey));

    [WolverineGet("/api/ledger/checkpoint", OperationId = "getLatestCheckpoint")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The latest signed checkpoint, with its anchor once confirmed")]
    [EndpointDescription("The C2SP signed note of the newest checkpoint. `anchor` is set once its anchoring transaction is confirmed; `latestAnchor` is the newest confirmed anchor of any checkpoint, which may be older.")]
    [ProducesResponseType<CheckpointView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Checkpoint(IQuerySession session, RecentAnswers recent) =>
        await recent.CheckpointAsync(() => NewestCheckpointAsync(session)) is { } latest
            ? Results.Ok(latest)
            : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "no-checkpoint", "No checkpoint has been signed yet.",
                "The first checkpoint is signed once the log has leaves and the checkpoint interval has passed."));

    /// <summary>Shared by every caller asking within <see cref="RecentAnswers.FreshFor"/>, so not cancelled with any one of them.</summary>
    private static async Task<CheckpointView?> NewestCheckpointAsync(IQuerySession session)
    {
        if (await session.NewestCheckpointAsync(CancellationToken.None) is not { } latest)
        {
            return null;
        }

        var latestAnchored = await session.LatestAnchoredAsync(CancellationToken.None);
        return new CheckpointView(latest.Origin, latest.TreeSize, latest.RootHash, latest.SignedNote, latest.VerifierKey, latest.SignedAt,
            AnchorStatusOf(latest), ConfirmedAnchorOf(latest), latestAnchored is null ? null : ViewOf(latestAnchored));
    }

    [WolverineGet("/api/ledger/checkpoints", OperationId = "listCheckpoints")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("Every signed checkpoint, oldest first, with its anchor once confirmed")]
    [EndpointDescription("For auditors who check the whole history: each checkpoint's C2SP signed note (verify it with `GET /api/ledger/key`), its anchor status and, once confirmed, its anchor. `from` is the smallest tree size to list (default 0): the next page starts one above the last size returned. `count` is 1 to 1,000 (default 100).")]
    [ProducesResponseType<IReadOnlyList<SignedCheckpointView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Checkpoints(string? from, string? count, IQuerySession session, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(from, "from", 0, out var fromSize, out var problem)
            || !QueryParameters.TryWholeNumber(count, "count", 100, out var pageSize, out problem, min: 1, max: 1_000))
        {
            return problem!;
        }

        var checkpoints = await session.Query<CheckpointRecord>()
            .Where(record => record.TreeSize >= fromSize)
            .OrderBy(record => record.TreeSize)
            .Take((int)pageSize)
            .ToListAsync(cancellation);
        return Results.Ok(checkpoints
            .Select(record => new SignedCheckpointView(record.TreeSize, record.RootHash, record.SignedNote, record.SignedAt, AnchorStatusOf(record), ConfirmedAnchorOf(record)))
            .ToList());
    }

    [WolverineGet("/api/ledger/anchors", OperationId = "listAnchors")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("Confirmed anchors, newest first")]
    [EndpointDescription("Each anchored checkpoint with the chain id, contract, transaction hash, block and log index that record it. `before` pages by tree size; `limit` is 1 to 500 (default 100).")]
    [ProducesResponseType<IReadOnlyList<AnchorView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Anchors(string? before, string? limit, IQuerySession session, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(before, "before", long.MaxValue, out var beforeSize, out var problem)
            || !QueryParameters.TryWholeNumber(limit, "limit", 100, out var count, out problem, min: 1, max: 500))
        {
            return problem!;
        }

        var anchored = await session.AnchoredCheckpoints()
            .Where(record => record.TreeSize < beforeSize)
            .OrderByDescending(record => record.TreeSize)
            .Take((int)count)
            .ToListAsync(cancellation);
        return Results.Ok(anchored.Select(ViewOf).ToList());
    }

    [WolverineGet("/api/ledger/leaves", OperationId = "listLeaves")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("Leaves in index order, a page at a time; with an auditor or admin token, each with the event's canonical bytes (base64)")]
    [EndpointDescription("For auditors who replay the whole log (`ledger audit --api`): `from` is the first leaf index (default 0), `count` is 1 to 10,000 (default 1,000). A page ends at the log's size when it was read, so a page shorter than `count` is the end of the log for now, and a `from` at or beyond the size is an empty page.")]
    [ProducesResponseType<IReadOnlyList<LeafView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Leaves(string? from, string? count, ClaimsPrincipal user, LedgerLog log, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(from, "from", 0, out var first, out var problem)
            || !QueryParameters.TryWholeNumber(count, "count", 1_000, out var pageSize, out problem, min: 1, max: 10_000))
        {
            return problem!;
        }

        var size = (await log.Store.HeadAsync(cancellation)).Size;
        var leaves = first >= size ? [] : await log.Store.LeavesAsync(new LeafRange(first, first + Math.Min(pageSize, size - first)), cancellation);
        return Results.Ok(leaves.Select(leaf => ViewOf(leaf, user)).ToList());
    }

    [WolverineGet("/api/ledger/leaves/{index}", OperationId = "getLeaf")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("One leaf: its hash (hex), position and event type; with an auditor or admin token, the event's canonical bytes (base64)")]
    [EndpointDescription("The canonical bytes are specified in specs/ledger.md; SHA-256(0x00 || bytes) is the leaf hash. They hold no personal value in the clear (specs/privacy.md), but the public gets only what a proof needs.")]
    [ProducesResponseType<LeafView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Leaf(string index, ClaimsPrincipal user, LedgerLog log, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(index, "index", null, out var leafIndex, out var problem))
        {
            return problem!;
        }

        var leaf = await log.Store.LeafAsync(leafIndex, cancellation);
        return leaf is null
            ? OutOfRange($"Leaf {leafIndex} is not in the log yet.", (await log.Store.HeadAsync(cancellation)).Size)
            : Results.Ok(ViewOf(leaf, user));
    }

    [WolverineGet("/api/ledger/events/{position}/leaf", OperationId = "getLeafOfEvent")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The leaf of the event at a global position")]
    [ProducesResponseType<LeafView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> LeafOfEvent(string position, ClaimsPrincipal user, LedgerLog log, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(position, "position", null, out var eventPosition, out var problem))
        {
            return problem!;
        }

        var leaf = await log.Store.LeafOfEventAsync(eventPosition, cancellation);
        return leaf is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "leaf-not-found", $"No leaf for the event at position {eventPosition}.",
                "Either no event has that position, or it is not logged yet (the log follows the high-water mark within a second or so)."))
            : Results.Ok(ViewOf(leaf, user));
    }

    [WolverineGet("/api/ledger/proofs/inclusion", OperationId = "getInclusionProof")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3)")]
    [ProducesResponseType<InclusionProofView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Inclusion(string? index, string? size, ProofCache proofs, HttpResponse response, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(index, "index", null, out var leafIndex, out var problem) || !QueryParameters.TryWholeNumber(size, "size", null, out var treeSize, out problem))
        {
            return problem!;
        }

        if (leafIndex >= treeSize)
        {
            return QueryParameters.Invalid("index", $"Leaf {leafIndex} is not in a tree of {treeSize} leaves: index must be below size.");
        }

        response.Headers.CacheControl = ProofCache.Immutable;
        if (proofs.TryGet<InclusionProofView>(("inclusion", leafIndex, treeSize), out var kept))
        {
            return Results.Ok(kept);
        }

        var (reached, logSize) = await proofs.ReachedAsync(treeSize, cancellation);
        if (!reached)
        {
            response.Headers.CacheControl = "no-store";
            return OutOfRange($"The log has not reached {treeSize} leaves.", logSize);
        }

        var leafHash = await proofs.LeafHashAsync(leafIndex, cancellation);
        var path = await proofs.Tree.InclusionProofAsync(leafIndex, treeSize, cancellation);
        var root = await proofs.Tree.RootAsync(treeSize, cancellation);
        return Results.Ok(proofs.Keep(("inclusion", leafIndex, treeSize), new InclusionProofView(leafIndex, treeSize, Hex(leafHash), Hex(root), [.. path.Select(Hex)])));
    }

    [WolverineGet("/api/ledger/proofs/consistency", OperationId = "getConsistencyProof")]
    [AllowAnonymous]
    [Tags("Ledger")]
    [EndpointSummary("The consistency proof from the tree of `from` leaves to the tree of `to` leaves (RFC 9162 2.1.4)")]
    [ProducesResponseType<ConsistencyProofView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Consistency(string? from, string? to, ProofCache proofs, HttpResponse response, CancellationToken cancellation)
    {
        if (!QueryParameters.TryWholeNumber(from, "from", null, out var oldSize, out var problem) || !QueryParameters.TryWholeNumber(to, "to", null, out var newSize, out problem))
        {
            return problem!;
        }

        if (oldSize < 1 || oldSize > newSize)
        {
            return QueryParameters.Invalid("from", $"A consistency proof runs from 1 ≤ from ≤ to; got from {oldSize} to {newSize}.");
        }

        response.Headers.CacheControl = ProofCache.Immutable;
        if (proofs.TryGet<ConsistencyProofView>(("consistency", oldSize, newSize), out var kept))
        {
            return Results.Ok(kept);
        }

        var (reached, logSize) = await proofs.ReachedAsync(newSize, cancellation);
        if (!reached)
        {
            response.Headers.CacheControl = "no-store";
            return OutOfRange($"The log has not reached {newSize} leaves.", logSize);
        }

        var path = await proofs.Tree.ConsistencyProofAsync(oldSize, newSize, cancellation);
        var oldRoot = await proofs.Tree.RootAsync(oldSize, cancellation);
        var newRoot = await proofs.Tree.RootAsync(newSize, cancellation);
        return Results.Ok(proofs.Keep(("consistency", oldSize, newSize), new ConsistencyProofView(oldSize, newSize, Hex(oldRoot), Hex(newRoot), [.. path.Select(Hex)])));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string AnchorStatusOf(CheckpointRecord record) => record.Anchor?.Status.ToString().ToLowerInvariant() ?? "none";

    private static AnchorView? ConfirmedAnchorOf(CheckpointRecord record) => record.Anchor?.Status == AnchorStatus.Confirmed ? ViewOf(record) : null;

    private static AnchorView ViewOf(CheckpointRecord record) => new(
        record.TreeSize, record.RootHash, record.Anchor!.ChainId, record.Anchor.Contract, record.Anchor.TransactionHash, record.Anchor.BlockNumber,
        record.Anchor.BlockHash, record.Anchor.BlockTime, record.Anchor.LogIndex, record.Anchor.Confirmations, record.Anchor.GasUsed, record.SignedNote);

    private static LeafView ViewOf(StoredLeaf leaf, ClaimsPrincipal user)
    {
        using var canonical = System.Text.Json.JsonDocument.Parse(leaf.CanonicalBytes);
        var type = canonical.RootElement.TryGetProperty("type", out var name) ? name.GetString() ?? "" : "";
        return new LeafView(leaf.Index, leaf.Position, type, Hex(leaf.LeafHash), leaf.LoggedAt)
        {
            CanonicalBytes = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Auditor) ? Convert.ToBase64String(leaf.CanonicalBytes) : null,
        };
    }

    private static IResult OutOfRange(string title, long size)
    {
        var problem = Problem.Create(StatusCodes.Status404NotFound, "beyond-log-size", title, $"The log has {size} leaves; ask for a size or index below that.");
        problem.Extensions["treeSize"] = size;
        return Results.Problem(problem);
    }
}
