using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Canonical;
using Ledger.Integrity.Merkle;
using Ledger.Projections.Certificates;
using Ledger.Projections.Log;
using Marten;

namespace Ledger.Api.Verification;

/// <summary>A document that is not a certificate document at all: refused with a problem, not reported on.</summary>
public sealed class MalformedDocumentException(string message) : Exception(message);

/// <summary>
/// Checks a certificate document step by step: its content against its hash, its seal against the issuer's key as it
/// was at issue, the issuer's authority, the registry's status, the issuing event's leaf in an anchored checkpoint, and
/// that anchor. Every hash is recomputed here from the document's own bytes; nothing the document claims is taken on trust.
/// </summary>
public sealed class CertificateVerifier(IQuerySession session, LedgerLog log, TimeProvider clock)
{
    /// <summary>What <paramref name="read"/> reads from the document; a string in it that is not Unicode (a lone surrogate escape) makes the document malformed.</summary>
    private static T Unicode<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException notUnicode)
        {
            throw new MalformedDocumentException("The document holds text that is not Unicode: " + notUnicode.Message);
        }
    }

    public async Task<VerificationReport> VerifyAsync(JsonElement document, CancellationToken cancellationToken)
    {
        var (contentElement, claimedHash, seal) = Unicode(() => Parse(document));
        var recomputed = Convert.ToHexStringLower(SHA256.HashData(Unicode(() => CanonicalJson.Canonicalise(contentElement))));
        CertificateContent content;
        try
        {
            content = contentElement.Deserialize<CertificateContent>(Json)
                ?? throw new MalformedDocumentException("The document's content is empty.");
        }
        catch (JsonException exception)
        {
            throw new MalformedDocumentException("The document's content is not a certificate's content: " + exception.Message);
        }

        if (content.Identifier is null || content.Issuer is null || content.Type is null)
        {
            throw new MalformedDocumentException("A certificate's content names its identifier, type and issuer.");
        }

        var record = await RecordByHashAsync(recomputed, cancellationToken);
        var original = record ?? await RecordByHashAsync(claimedHash, cancellationToken);
        return await ReportAsync(content.Identifier, content.Issuer, content.Type, recomputed, Integrity(recomputed, claimedHash), seal, record, original, cancellationToken);
    }

    /// <summary>
    /// The report on a registered certificate found by its hash or identifier, with no document in hand: its issuing event
    /// records the content hash, and the rest is checked as for a document. Only the holder's copy shows what the content says.
    /// </summary>
    public Task<VerificationReport> VerifyRegisteredAsync(CertificateRecord record, CancellationToken cancellationToken) =>
        ReportAsync(record.Identifier, record.Issuer, record.Type, record.ContentHash,
            Steps.Pass(Steps.Integrity, "The registry's issuing event records this content hash; the holder's document is checked against it by verifying the document itself.",
                Details(("contentHash", record.ContentHash))),
            record.Seal, record, record, cancellationToken);

    private async Task<VerificationReport> ReportAsync(string identifier, string issuerCode, string type, string contentHash, VerificationStep integrity, Seal seal,
        CertificateRecord? record, CertificateRecord? original, CancellationToken cancellationToken)
    {
        var steps = new List<VerificationStep> { integrity };
        var issuer = await session.Events.AggregateStreamAsync<Agency>(StreamIds.ForAgency(issuerCode), token: cancellationToken);
        steps.Add(Seal(seal, contentHash, issuer, original?.IssuedAt));
        steps.Add(await IssuerAsync(issuerCode, type, issuer, original, cancellationToken));
        steps.Add(Status(record));
        steps.AddRange(await InclusionAndAnchorAsync(record, cancellationToken));
        return VerificationReport.Of(original?.Id, identifier, contentHash, steps);
    }

    public async Task<CertificateRecord?> RecordByHashAsync(string contentHash, CancellationToken cancellationToken) =>
        await session.Query<CertificateRecord>().FirstOrDefaultAsync(record => record.ContentHash == contentHash, cancellationToken);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static (JsonElement Content, string ClaimedHash, Seal Seal) Parse(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("contentHash", out var hash) || hash.ValueKind != JsonValueKind.String
            || !document.TryGetProperty("seal", out var sealElement) || sealElement.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedDocumentException("A certificate document is a JSON object with `content` (object), `contentHash` (hex) and `seal` (object).");
        }

        Seal? seal;
        try
        {
            seal = sealElement.Deserialize<Seal>(Json);
        }
        catch (JsonException exception)
        {
            throw new MalformedDocumentException("The document's seal is malformed: " + exception.Message);
        }

        return seal is { KeyId: not null, Algorithm: not null, Signature: not null }
            ? (content, hash.GetString()!.ToLowerInvariant(), seal)
            : throw new MalformedDocumentException("The document's seal needs `keyId`, `algorithm` and `signature`.");
    }

    private static VerificationStep Integrity(string recomputed, string claimed) =>
        string.Equals(recomputed, claimed, StringComparison.Ordinal)
            ? Steps.Pass(Steps.Integrity, "The content hashes to the hash the document carries: nothing was changed after sealing.",
                Details(("contentHash", recomputed)))
            : Steps.Fail(Steps.Integrity, "The content does not match its hash: the document was changed after it was sealed.",
                Details(("recomputedHash", recomputed), ("documentHash", claimed)));

    private static VerificationStep Seal(Seal seal, string contentHash, Agency? issuer, DateTimeOffset? issuedAt)
    {
        if (issuer is null)
        {
            return Steps.Fail(Steps.Seal, "The issuer named in the content is not a registered agency, so there is no key to check the seal with.");
        }

        if (!issuer.SealKeys.TryGetValue(seal.KeyId, out var key))
        {
            return Steps.Fail(Steps.Seal, $"{issuer.Name} has no seal key '{seal.KeyId}'.", Details(("keyId", seal.KeyId)));
        }

        var details = Details(("keyId", key.KeyId), ("algorithm", key.Algorithm), ("publicKey", key.PublicKey), ("keyValidFrom", key.ValidFrom),
            ("keyValidUntil", key.ValidUntil), ("keyRetiredAt", key.RetiredAt), ("issuedAt", issuedAt));
        if (!seal.Verifies(contentHash, key))
        {
            return Steps.Fail(Steps.Seal, $"The seal does not verify with {issuer.Name}'s key '{key.KeyId}': it was not made over this content with that key.", details);
        }

        return issuedAt is { } at && !key.IsValidAt(at)
            ? Steps.Fail(Steps.Seal, $"The seal verifies, but key '{key.KeyId}' was not valid when the certificate was issued ({at:u}).", details)
            : Steps.Pass(Steps.Seal, $"The seal verifies with {issuer.Name}'s key '{key.KeyId}', valid when the certificate was issued.", details);
    }

    private async Task<VerificationStep> IssuerAsync(string issuerCode, string type, Agency? issuer, CertificateRecord? record, CancellationToken cancellationToken)
    {
        if (issuer is null)
        {
            return Steps.Fail(Steps.Issuer, $"{issuerCode} is not a registered agency.", Details(("issuer", issuerCode)));
        }

        var details = Details(("issuer", issuer.CreditCode), ("name", issuer.Name), ("certificateType", type));
        if (issuer.CertificateTypes.Contains(type, StringComparer.Ordinal))
        {
            return Steps.Pass(Steps.Issuer, $"{issuer.Name} is registered and authorised to issue {type} certificates.", details);
        }

        if (record?.ApplicationId is { } applicationId
            && await session.Events.AggregateStreamAsync<Application>(applicationId, token: cancellationToken) is { } application
            && string.Equals(application.Matter.LeadAgency, issuer.CreditCode, StringComparison.Ordinal)
            && string.Equals(application.Matter.CertificateType, type, StringComparison.Ordinal))
        {
            return Steps.Pass(Steps.Issuer, $"{issuer.Name} is registered and leads matter {application.MatterCode}, which produces {type} certificates.",
                Details(("issuer", issuer.CreditCode), ("name", issuer.Name), ("certificateType", type), ("matter", application.MatterCode)));
        }

        return Steps.Fail(Steps.Issuer, $"{issuer.Name} is not authorised to issue {type} certificates.", details);
    }

    private VerificationStep Status(CertificateRecord? record)
    {
        if (record is null)
        {
            return Steps.Fail(Steps.Status, "No certificate with this content is in the registry.");
        }

        var details = Details(("status", record.Status.ToLowerInvariant()), ("since", record.StatusChangedAt), ("reason", record.StatusReason),
            ("validFrom", record.ValidFrom), ("validUntil", record.ValidUntil), ("supersededBy", record.SupersededBy));
        if (!string.Equals(record.Status, nameof(CertificateStatus.Valid), StringComparison.Ordinal))
        {
            return Steps.Fail(Steps.Status, $"The certificate is {record.Status.ToLowerInvariant()} since {record.StatusChangedAt:u}"
                + (record.StatusReason is null ? "." : $": {record.StatusReason}"), details);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return today > record.ValidUntil
            ? Steps.Fail(Steps.Status, $"The certificate expired after {record.ValidUntil:yyyy-MM-dd}.", Details(("status", "expired"), ("since", record.ValidUntil), ("validFrom", record.ValidFrom), ("validUntil", record.ValidUntil)))
            : Steps.Pass(Steps.Status, $"The certificate is valid (until {record.ValidUntil:yyyy-MM-dd}).", details);
    }

    private async Task<IReadOnlyList<VerificationStep>> InclusionAndAnchorAsync(CertificateRecord? record, CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return [Steps.Fail(Steps.Inclusion, "There is no issuing event to look for: the certificate is not registered."),
                Steps.Fail(Steps.Anchor, "Nothing to anchor.")];
        }

        var issuing = (await session.Events.FetchStreamAsync(record.Id, version: 1, token: cancellationToken)).FirstOrDefault();
        var leaf = issuing is null ? null : await log.Store.LeafOfEventAsync(issuing.Sequence, cancellationToken);
        if (leaf is null)
        {
            return [Steps.Pending(Steps.Inclusion, "The issuing event is not in the log yet; it is logged within seconds."),
                Steps.Pending(Steps.Anchor, "Waiting for the issuing event to be logged and anchored.")];
        }

        var anchored = await session.LatestAnchoredAsync(cancellationToken);
        var leafDetails = Details(("leafIndex", leaf.Index), ("eventPosition", leaf.Position), ("leafHash", Convert.ToHexStringLower(leaf.LeafHash)),
            ("canonicalBytes", Convert.ToBase64String(leaf.CanonicalBytes)));
        if (anchored is null || leaf.Index >= anchored.TreeSize)
        {
            return [Steps.Pending(Steps.Inclusion, $"The issuing event is leaf {leaf.Index} of the log, not yet covered by an anchored checkpoint.", leafDetails),
                Steps.Pending(Steps.Anchor, "The next anchored checkpoint will cover it.")];
        }

        var path = await log.Store.Tree.InclusionProofAsync(leaf.Index, anchored.TreeSize, cancellationToken);
        var root = Convert.FromHexString(anchored.RootHash);
        var proven = MerkleProofs.VerifyInclusion(leaf.LeafHash, leaf.Index, anchored.TreeSize, path, root);
        var inclusionDetails = new Dictionary<string, object?>(leafDetails, StringComparer.Ordinal)
        {
            ["treeSize"] = anchored.TreeSize,
            ["rootHash"] = anchored.RootHash,
            ["path"] = path.Select(Convert.ToHexStringLower).ToList(),
            ["signedNote"] = anchored.SignedNote,
        };
        var inclusion = proven
            ? Steps.Pass(Steps.Inclusion, $"The issuing event is leaf {leaf.Index}, proven in the anchored checkpoint of {anchored.TreeSize} leaves.", inclusionDetails)
            : Steps.Fail(Steps.Inclusion, $"Leaf {leaf.Index} does not prove into the anchored checkpoint of {anchored.TreeSize} leaves: the stored log was altered.", inclusionDetails);
        var anchor = anchored.Anchor!;
        var anchorDetails = Details(("chainId", anchor.ChainId), ("contract", anchor.Contract), ("transactionHash", anchor.TransactionHash),
            ("blockNumber", anchor.BlockNumber), ("blockHash", anchor.BlockHash), ("blockTime", anchor.BlockTime), ("confirmations", anchor.Confirmations),
            ("treeSize", anchored.TreeSize), ("rootHash", anchored.RootHash));
        return [inclusion, Steps.Pass(Steps.Anchor,
            $"That checkpoint is anchored on chain {anchor.ChainId} in block {anchor.BlockNumber} ({anchor.BlockTime:u}), transaction {anchor.TransactionHash}.", anchorDetails)];
    }

    private static Dictionary<string, object?> Details(params (string Name, object? Value)[] entries) =>
        entries.ToDictionary(entry => entry.Name, entry => entry.Value, StringComparer.Ordinal);
}
