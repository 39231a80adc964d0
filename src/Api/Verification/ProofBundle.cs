using Ledger.Domain.Agencies;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Integrity.Anchoring;
using Ledger.Projections.Certificates;
using Ledger.Projections.Log;
using Marten;

namespace Ledger.Api.Verification;

/// <summary>An event of the log with its canonical bytes and its audit path to the bundle's checkpoint (none when not covered yet).</summary>
public sealed record ProvenEvent(long LeafIndex, string CanonicalBytes, IReadOnlyList<string>? InclusionPath);

public sealed record BundleCheckpoint(string Origin, long TreeSize, string RootHash, string SignedNote, string VerifierKey);

public sealed record BundleAnchor(long ChainId, string Contract, string LogId, string TransactionHash, long? BlockNumber, string? BlockHash, DateTimeOffset? BlockTime, int? LogIndex);

/// <summary>
/// Everything needed, beside the document its holder keeps, to check a certificate with no call to the ledger: the events
/// that issued it, that registered the seal key and that last set its status, each with its canonical bytes and inclusion
/// proof in one signed checkpoint, and where that checkpoint is anchored. It carries no personal data: a person holder's
/// values are in the issuing event only as commitments, and the content hash binds the document to that event.
/// Specified in specs/ledger.md, section 9.
/// </summary>
public sealed record ProofBundle(
    string Format,
    Guid CertificateId,
    string Identifier,
    string ContentHash,
    ProvenEvent Issuance,
    ProvenEvent SealKeyRegistration,
    ProvenEvent LatestStatus,
    BundleCheckpoint Checkpoint,
    BundleAnchor Anchor)
{
    public const string Version2 = "ledger.proof-bundle.v2";
}

public static class ProofBundleEndpoint
{
    [WolverineGet("/api/certificates/{id}/proof-bundle", OperationId = "getCertificateProofBundle")]
    [AllowAnonymous]
    [Tags("Verification")]
    [EndpointSummary("A self-contained proof bundle for offline verification")]
    [EndpointDescription("The issuing, seal-key and latest status events (canonical bytes and inclusion proofs) in the newest anchored checkpoint, and that checkpoint's anchor; no personal data. `ledger verify certificate DOCUMENT.json --bundle BUNDLE.json --rpc URL` checks the holder's document against it and the chain alone.")]
    [ProducesResponseType<ProofBundle>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, LedgerLog log, CancellationToken cancellation)
    {
        var record = await session.LoadAsync<CertificateRecord>(id, cancellation);
        if (record is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, $"There is no certificate {id}."));
        }

        var anchored = await session.LatestAnchoredAsync(cancellation);
        var certificateEvents = await session.Events.FetchStreamAsync(id, token: cancellation);
        var agencyEvents = await session.Events.FetchStreamAsync(StreamIds.ForAgency(record.Issuer), token: cancellation);
        var keyRegistration = agencyEvents.LastOrDefault(e => e.Data is SealKeyRegistered key && string.Equals(key.KeyId, record.Seal.KeyId, StringComparison.Ordinal));
        var status = certificateEvents.Last(e => e.Data is CertificateIssued or CertificateSuspended or CertificateReinstated or CertificateRevoked or CertificateSuperseded);
        if (anchored is null || keyRegistration is null)
        {
            return NotAnchoredYet();
        }

        var issuance = await ProveAsync(log, certificateEvents[0].Sequence, anchored.TreeSize, cancellation);
        var key = await ProveAsync(log, keyRegistration.Sequence, anchored.TreeSize, cancellation);
        var latest = await ProveAsync(log, status.Sequence, anchored.TreeSize, cancellation);
        if (issuance?.InclusionPath is null || key?.InclusionPath is null || latest is null)
        {
            return NotAnchoredYet();
        }

        var anchor = anchored.Anchor!;
        return Results.Ok(new ProofBundle(ProofBundle.Version2, record.Id, record.Identifier, record.ContentHash, issuance, key, latest,
            new BundleCheckpoint(anchored.Origin, anchored.TreeSize, anchored.RootHash, anchored.SignedNote, anchored.VerifierKey),
            new BundleAnchor(anchor.ChainId, anchor.Contract, Convert.ToHexStringLower(LogId.Of(anchored.Origin)), anchor.TransactionHash,
                anchor.BlockNumber, anchor.BlockHash, anchor.BlockTime, anchor.LogIndex)));
    }

    private static async Task<ProvenEvent?> ProveAsync(LedgerLog log, long position, long treeSize, CancellationToken cancellation)
    {
        var leaf = await log.Store.LeafOfEventAsync(position, cancellation);
        if (leaf is null)
        {
            return null;
        }

        var path = leaf.Index < treeSize ? (await log.Store.Tree.InclusionProofAsync(leaf.Index, treeSize, cancellation)).Select(Convert.ToHexStringLower).ToList() : null;
        return new ProvenEvent(leaf.Index, Convert.ToBase64String(leaf.CanonicalBytes), path);
    }

    private static IResult NotAnchoredYet() => Results.Problem(Problem.Create(StatusCodes.Status409Conflict, "not-anchored-yet",
        "The certificate's events are not yet in an anchored checkpoint.",
        "A proof bundle needs the issuing and seal-key events covered by an anchored checkpoint; the next anchor covers them. Try again shortly."));
}
