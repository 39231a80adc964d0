using Ledger.Api.Applications;
using Ledger.Api.Privacy;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;
using Ledger.Integrity.Privacy;
using Ledger.Projections.Certificates;
using Marten;
using JasperFx.Events;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Certificates;

public sealed class CertificateContentValidator : AbstractValidator<CertificateContent>
{
    public const int MaxFields = 50;

    private static bool InNormalForm(Holder holder) =>
        holder.Name is not null && holder.IdentityNumber is not null
        && string.Equals(holder.IdentityNumber, holder.IdentityNumber.Trim().ToUpperInvariant(), StringComparison.Ordinal)
        && (holder.Kind == ApplicantKind.Person
            ? string.Equals(holder.Name, PersonName.Normalise(holder.Name), StringComparison.Ordinal)
            : string.Equals(holder.Name, holder.Name.Trim(), StringComparison.Ordinal));

    public CertificateContentValidator(TimeProvider time)
    {
        RuleFor(content => content.Identifier).NotEmpty().MaximumLength(128);
        RuleFor(content => content.Type).NotEmpty().MaximumLength(16).Matches("^[0-9A-Z]+$");
        RuleFor(content => content.Issuer).NotEmpty().Length(18);
        RuleFor(content => content.Holder).NotNull().SetValidator(new HolderLimits());
        RuleFor(content => new Applicant(content.Holder.Kind, content.Holder.Name, content.Holder.IdentityNumber, null))
            .SetValidator(new ApplicantValidator(time)).OverridePropertyName("holder").When(content => content.Holder is not null);
        RuleFor(content => content.Fields).NotNull().MaxItems(MaxFields)
            .WithMessage($"A certificate has at most {MaxFields} fields.");
        RuleForEach(content => content.Fields).Must(field => field.Key.Length is > 0 and <= 64 && field.Value is { Length: <= 1000 })
            .When(content => content.Fields is not null)
            .WithMessage("A field's name is 1 to 64 characters and its value at most 1000.");
        RuleFor(content => content.Holder).Must(InNormalForm).When(content => content.Holder is not null)
            .WithMessage("Seal the holder in normal form: names trimmed and in Unicode NFC, identity numbers and credit codes upper-case without spaces; the vault keeps values in that form and the document is rebuilt from them.");
        RuleForEach(content => content.Fields).Must(field => field.Value is null || field.Value.IsNormalized()).When(content => content.Fields is not null)
            .WithMessage("Seal field values in Unicode NFC.");
        RuleFor(content => content.Nonce).NotEmpty().Matches("^[0-9a-f]{64}$")
            .WithMessage("The nonce is 32 random bytes as 64 lower-case hexadecimal digits, chosen by the issuer for each certificate.");
    }
}

/// <summary>How long a holder's values may be; what they must be is the applicant's rule, checked with the content.</summary>
public sealed class HolderLimits : AbstractValidator<Holder>
{
    public HolderLimits()
    {
        RuleFor(holder => holder.Name).MaximumLength(ApplicantValidator.MaxEnterpriseNameLength);
        RuleFor(holder => holder.IdentityNumber).MaximumLength(32);
    }
}

public sealed class SealValidator : AbstractValidator<Seal>
{
    public SealValidator()
    {
        RuleFor(seal => seal.KeyId).NotEmpty().MaximumLength(64);
        RuleFor(seal => seal.Algorithm).NotEmpty().MaximumLength(32);
        RuleFor(seal => seal.Signature).NotEmpty().MaximumLength(1024);
    }
}

/// <param name="ApplicationId">The approved application the certificate is issued for; omit to issue directly (for types the agency is authorised for).</param>
public sealed record IssueCertificateRequest(Guid? ApplicationId, CertificateContent Content, Seal Seal)
{
    public sealed class Validator : AbstractValidator<IssueCertificateRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.Content).NotNull().SetValidator(new CertificateContentValidator(time));
            RuleFor(request => request.Seal).NotNull().SetValidator(new SealValidator());
        }
    }
}

public sealed record RenewCertificateRequest(long Version, CertificateContent Content, Seal Seal)
{
    public sealed class Validator : AbstractValidator<RenewCertificateRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Content).NotNull().SetValidator(new CertificateContentValidator(time));
            RuleFor(request => request.Seal).NotNull().SetValidator(new SealValidator());
        }
    }
}

public sealed record CertificateStatusRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<CertificateStatusRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Reason).NotEmpty().MaximumLength(1000);
        }
    }
}

public static class IssueCertificateEndpoint
{
    /// <summary>
    /// The issuer, and the application the certificate is for when there is one, opened for writing: the certificate's
    /// stream starts and the application records it in one transaction. (Not a second <c>[WriteAggregate]</c>: the
    /// application is optional, and Marten opens no stream for an empty id.)
    /// </summary>
    public static async Task<(Agency, IEventStream<Application>?)> LoadAsync(
        IssueCertificateRequest request, ClaimsPrincipal user, IDocumentSession session, CancellationToken cancellation) =>
        (await CertificateIssuer.OfCaller(user, session, cancellation),
         request.ApplicationId is { } applicationId ? await session.Events.FetchForWriting<Application>(applicationId, cancellation) : null);

    [WolverinePost("/api/certificates", OperationId = "issueCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Issue an electronic certificate (电子证照)")]
    [EndpointDescription("The issuing agency's own system builds the content (with its GB/T 36904 identifier), hashes its RFC 8785 canonical JSON with SHA-256 and seals the hash with one of its registered seal keys; the ledger verifies the seal before appending anything and never holds the private key.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(CreatedView<CertificateRecord>, IStartStream)> Issue(
        IssueCertificateRequest request,
        Agency issuer,
        IEventStream<Application>? application,
        ClaimsPrincipal user,
        IDocumentSession session,
        PersonalData personalData,
        TimeProvider time,
        CancellationToken cancellation)
    {
        var command = new IssueCertificate(StreamIds.ForCertificate(request.Content.Identifier), request.ApplicationId, request.Content, request.Seal, AccessTokens.ActorOf(user));
        var onRecord = await personalData.RecordAsync(session, command.Content, cancellation);
        var issued = CertificateDecisions.Decide(command, onRecord, issuer, application?.Aggregate, time.GetUtcNow());
        application?.AppendOne(new ApplicationCertificateIssued(application.Id, command.CertificateId, issued.Identifier, issued.At));
        return (CreatedView<CertificateRecord>.Of(command.CertificateId, "/api/certificates/" + command.CertificateId), MartenOps.StartStream<Certificate>(command.CertificateId, issued));
    }
}

public static class RenewCertificateEndpoint
{
    public static Task<Agency> LoadAsync(ClaimsPrincipal user, IDocumentSession session, CancellationToken cancellation) =>
        CertificateIssuer.OfCaller(user, session, cancellation);

    [WolverinePost("/api/certificates/{id}/renewal", OperationId = "renewCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Renew a certificate")]
    [EndpointDescription("Issues the next version (same type and serial, version + 1, freshly sealed); the old one becomes superseded. A revoked certificate is never renewed.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status201Created)]
    public static async Task<(CreatedView<CertificateRecord>, Events, IStartStream)> Renew(
        RenewCertificateRequest request,
        [WriteAggregate] Certificate certificate,
        Agency issuer,
        ClaimsPrincipal user,
        IDocumentSession session,
        PersonalData personalData,
        TimeProvider time,
        CancellationToken cancellation)
    {
        var command = new RenewCertificate(certificate.Id, request.Version, StreamIds.ForCertificate(request.Content.Identifier), request.Content, request.Seal, AccessTokens.ActorOf(user));
        var onRecord = await personalData.RecordAsync(session, command.Content, cancellation);
        var decided = CertificateDecisions.Decide(certificate, command, onRecord, issuer, time.GetUtcNow());
        return (CreatedView<CertificateRecord>.Of(command.NewCertificateId, "/api/certificates/" + command.NewCertificateId),
            [.. decided.OfType<CertificateSuperseded>()],
            MartenOps.StartStream<Certificate>(command.NewCertificateId, decided.OfType<CertificateIssued>().Single()));
    }
}

public static class CertificateEndpoints
{
    [WolverinePost("/api/certificates/{id}/suspension", OperationId = "suspendCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Suspend a certificate")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Suspend(CertificateStatusRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new SuspendCertificate(certificate.Id, request.Version, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    [WolverinePost("/api/certificates/{id}/reinstatement", OperationId = "reinstateCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Reinstate a suspended certificate")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Reinstate(CertificateStatusRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new ReinstateCertificate(certificate.Id, request.Version, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    [WolverinePost("/api/certificates/{id}/revocation", OperationId = "revokeCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Revoke a certificate (注销)")]
    [EndpointDescription("Final: a revoked certificate is never reinstated or renewed.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Revoke(CertificateStatusRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new RevokeCertificate(certificate.Id, request.Version, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    [WolverineGet("/api/certificates/{id}", OperationId = "getCertificate")]
    [Tags("Certificates")]
    [EndpointSummary("Read a certificate in the registry")]
    [EndpointDescription("`expired` is derived from the validity dates at read time.")]
    [ProducesResponseType<CertificateView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, TimeProvider time, CancellationToken cancellation) =>
        await session.LoadAsync<CertificateRecord>(id, cancellation) is { } record ? Results.Ok(CertificateView.Of(record, time)) : NotFound(id);

    [WolverineGet("/api/certificates/{id}/document", OperationId = "getCertificateDocument")]
    [Tags("Certificates")]
    [EndpointSummary("The certificate document a holder receives")]
    [EndpointDescription("Content, content hash and seal, exactly as issued: what a verifier checks. An enterprise's certificate is registry data any caller reads. A person's is put together from the vault for the issuing agency, the portal acting for the holder, an agency holding a live consent, and administrators, and each such disclosure is recorded (`purpose`, default certificate-service); after erasure it is gone (410 `personal-data-erased`) and only the copy the holder kept remains.")]
    [ProducesResponseType<CertificateDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    public static async Task<IResult> Document(Guid id, string? purpose, ClaimsPrincipal user, IQuerySession session, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        if (Disclosures.PurposeProblem(purpose) is { } badPurpose)
        {
            return badPurpose;
        }

        if (await session.LoadAsync<CertificateRecord>(id, cancellation) is not { } record)
        {
            return NotFound(id);
        }

        if (record.HolderSubject is { } subject)
        {
            if (!EntitledToHolder(record, user, time.GetUtcNow()))
            {
                return Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Not entitled to the holder's data.",
                    "The issuing agency, the portal acting for the holder, an agency with the holder's live consent and administrators read a person's certificate."));
            }
        }

        var (document, restricted) = await CertificateDocuments.OpenAsync(record, personalData, cancellation);
        if (restricted)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status409Conflict, "processing-restricted", "The holder's data is under a retention hold.",
                "Until the hold ends it is only stored, never disclosed; the document is the copy its holder kept."));
        }

        if (document is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status410Gone, "personal-data-erased", "The holder's data was erased.",
                "The registry keeps only the certificate's public fields and commitments; the document is the copy its holder kept."));
        }

        if (record.HolderSubject is { } disclosedSubject)
        {
            await personalData.RecordDisclosureAsync(disclosedSubject, "certificate/" + id, CertificateDocuments.FieldsOf(record.Content),
                purpose ?? "certificate-service", AccessTokens.ActorOf(user), cancellation);
        }

        return Results.Ok(document);
    }

    private static bool EntitledToHolder(CertificateRecord record, ClaimsPrincipal user, DateTimeOffset now)
    {
        var agency = user.FindFirst(AccessTokens.AgencyClaim)?.Value;
        return user.IsInRole(Roles.Admin)
            || user.IsInRole(Roles.Portal)
            || (user.IsInRole(Roles.Officer) && string.Equals(agency, record.Issuer, StringComparison.Ordinal))
            || (user.IsInRole(Roles.Officer) && record.Consents.Any(consent => string.Equals(consent.Agency, agency, StringComparison.Ordinal) && consent.WithdrawnAt is null && consent.Until > now));
    }

    [WolverineGet("/api/certificates", OperationId = "findCertificates")]
    [Tags("Certificates")]
    [EndpointSummary("Find certificates by identifier, content hash or holder")]
    [EndpointDescription("Exactly one of `identifier`, `contentHash` or `holder`. `holder` is a person's identity number or an enterprise's credit code; a person is found through the vault's keyed-hash lookup, never by a number stored in the clear, and only by the portal or an administrator.")]
    [ProducesResponseType<IReadOnlyList<CertificateView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public static async Task<IResult> Find(string? identifier, string? contentHash, string? holder, ClaimsPrincipal user, IQuerySession session, PersonalDataVault vault, TimeProvider time, CancellationToken cancellation)
    {
        var given = new[] { identifier, contentHash, holder }.Count(value => !string.IsNullOrWhiteSpace(value));
        if (given != 1)
        {
            var problem = Problem.Create(StatusCodes.Status400BadRequest, Problem.ValidationFailed, "Say what to find.", "Give exactly one of identifier, contentHash or holder.");
            problem.Extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["identifier"] = ["Give exactly one of identifier, contentHash or holder."] };
            return Results.Problem(problem);
        }

        var query = session.Query<CertificateRecord>();
        IQueryable<CertificateRecord> found;
        if (!string.IsNullOrWhiteSpace(identifier))
        {
            found = query.Where(record => record.Identifier == identifier);
        }
        else if (contentHash is not null)
        {
            var hash = contentHash.ToLowerInvariant();
            found = query.Where(record => record.ContentHash == hash);
        }
        // A number valid both as a person's identity number and as a credit code is taken for a person's: the stricter path.
        else if (holder!.Trim().ToUpperInvariant() is var code && UnifiedSocialCreditCode.IsValid(code)
            && !ResidentIdentityNumber.IsValid(code, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
        {
            found = query.Where(record => record.HolderSubject == null && record.Content.Holder.IdentityNumber.Value == code);
        }
        else if (!user.IsInRole(Roles.Portal) && !user.IsInRole(Roles.Admin))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Finding a person's certificates is not public.",
                "Only the portal acting for the holder and administrators look up a person's certificates by identity number."));
        }
        else
        {
            await using var connection = await vault.OpenConnectionAsync(cancellation);
            var subject = await vault.FindSubjectAsync(connection, holder.Trim().ToUpperInvariant(), cancellation);
            if (subject is null)
            {
                return Results.Ok(Array.Empty<CertificateView>());
            }

            found = query.Where(record => record.HolderSubject == subject.Id);
        }

        var records = await found.OrderBy(record => record.IssuedAt).ToListAsync(cancellation);
        return Results.Ok(records.Select(record => CertificateView.Of(record, time)).ToList());
    }

    internal static IResult NotFound(Guid id) => Problem.NotFoundResult("No such certificate.", $"There is no certificate {id}.");
}

/// <summary>A registry record as callers see it, with <see cref="Expired"/> derived from the validity dates now.</summary>
public sealed record CertificateView(CertificateRecord Record, bool Expired)
{
    public static CertificateView Of(CertificateRecord record, TimeProvider time) =>
        new(record, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > record.ValidUntil);
}

public static class CertificateIssuer
{
    public static async Task<Agency> OfCaller(ClaimsPrincipal user, IDocumentSession session, CancellationToken cancellation)
    {
        var agency = AccessTokens.ActorOf(user).Agency;
        return await session.Events.FetchLatest<Agency>(StreamIds.ForAgency(agency), cancellation)
            ?? throw new RuleBroken("agency-unknown", $"Agency {agency} is not registered.");
    }
}
