using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Api.Problems;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;
using Ledger.Projections.Certificates;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Api.Certificates;

public sealed class CertificateContentValidator : AbstractValidator<CertificateContent>
{
    public CertificateContentValidator()
    {
        RuleFor(content => content.Identifier).NotEmpty().MaximumLength(128);
        RuleFor(content => content.Type).NotEmpty().MaximumLength(16).Matches("^[0-9A-Z]+$");
        RuleFor(content => content.Issuer).NotEmpty().Length(18);
        RuleFor(content => content.Holder).NotNull();
        RuleFor(content => content.Holder.Name).NotEmpty().MaximumLength(200).When(content => content.Holder is not null);
        RuleFor(content => content.Holder.IdentityNumber).NotEmpty().MaximumLength(64).When(content => content.Holder is not null);
        RuleFor(content => content.Holder.Kind).IsInEnum().When(content => content.Holder is not null);
        RuleFor(content => content.Fields).NotNull();
    }
}

public sealed class SealValidator : AbstractValidator<Seal>
{
    public SealValidator()
    {
        RuleFor(seal => seal.KeyId).NotEmpty().MaximumLength(64);
        RuleFor(seal => seal.Algorithm).NotEmpty();
        RuleFor(seal => seal.Signature).NotEmpty().MaximumLength(1024);
    }
}

/// <param name="ApplicationId">The approved application the certificate is issued for; omit to issue directly (for types the agency is authorised for).</param>
public sealed record IssueCertificateRequest(Guid? ApplicationId, CertificateContent Content, Seal Seal)
{
    public sealed class Validator : AbstractValidator<IssueCertificateRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Content).NotNull().SetValidator(new CertificateContentValidator());
            RuleFor(request => request.Seal).NotNull().SetValidator(new SealValidator());
        }
    }
}

public sealed record RenewCertificateRequest(long Version, CertificateContent Content, Seal Seal)
{
    public sealed class Validator : AbstractValidator<RenewCertificateRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Content).NotNull().SetValidator(new CertificateContentValidator());
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

public static class CertificateEndpoints
{
    [WolverinePost("/api/certificates", OperationId = "issueCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Issue an electronic certificate (电子证照)")]
    [EndpointDescription("The issuing agency's own system builds the content (with its GB/T 36904 identifier), hashes its RFC 8785 canonical JSON with SHA-256 and seals the hash with one of its registered seal keys; the ledger verifies the seal before appending anything and never holds the private key.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Issue(IssueCertificateRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        var id = StreamIds.ForCertificate(request.Content.Identifier);
        await bus.InvokeAsync(new IssueCertificate(id, request.ApplicationId, request.Content, request.Seal, AccessTokens.ActorOf(user)), cancellation);
        return Results.Created("/api/certificates/" + id, await session.LoadAsync<CertificateRecord>(id, cancellation));
    }

    [WolverinePost("/api/certificates/{id}/renewal", OperationId = "renewCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Renew a certificate")]
    [EndpointDescription("Issues the next version (same type and serial, version + 1, freshly sealed); the old one becomes superseded. A revoked certificate is never renewed.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status201Created)]
    public static async Task<IResult> Renew(Guid id, RenewCertificateRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        if (await session.Events.FetchStreamStateAsync(id, cancellation) is null)
        {
            return NotFound(id);
        }

        var renewedId = StreamIds.ForCertificate(request.Content.Identifier);
        await bus.InvokeAsync(new RenewCertificate(id, request.Version, renewedId, request.Content, request.Seal, AccessTokens.ActorOf(user)), cancellation);
        return Results.Created("/api/certificates/" + renewedId, await session.LoadAsync<CertificateRecord>(renewedId, cancellation));
    }

    [WolverinePost("/api/certificates/{id}/suspension", OperationId = "suspendCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Suspend a certificate")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static Task<IResult> Suspend(Guid id, CertificateStatusRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        Send(id, new SuspendCertificate(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);

    [WolverinePost("/api/certificates/{id}/reinstatement", OperationId = "reinstateCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Reinstate a suspended certificate")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static Task<IResult> Reinstate(Guid id, CertificateStatusRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        Send(id, new ReinstateCertificate(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);

    [WolverinePost("/api/certificates/{id}/revocation", OperationId = "revokeCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Revoke a certificate (注销)")]
    [EndpointDescription("Final: a revoked certificate is never reinstated or renewed.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static Task<IResult> Revoke(Guid id, CertificateStatusRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        Send(id, new RevokeCertificate(id, request.Version, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);

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
    [EndpointDescription("Content, content hash and seal, exactly as issued: what a verifier checks.")]
    [ProducesResponseType<CertificateDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Document(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CertificateRecord>(id, cancellation) is { } record ? Results.Ok(record.Document) : NotFound(id);

    [WolverineGet("/api/certificates", OperationId = "findCertificates")]
    [Tags("Certificates")]
    [EndpointSummary("Find certificates by identifier, content hash or holder")]
    [EndpointDescription("Exactly one of `identifier`, `contentHash` or `holder` (the holder's identity number; it is looked up by its keyed hash, never stored or searched in plaintext).")]
    [ProducesResponseType<IReadOnlyList<CertificateView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Find(string? identifier, string? contentHash, string? holder, IQuerySession session, HolderLookupKey lookupKey, TimeProvider time, CancellationToken cancellation)
    {
        var given = new[] { identifier, contentHash, holder }.Count(value => !string.IsNullOrWhiteSpace(value));
        if (given != 1)
        {
            var problem = Problem.Create(StatusCodes.Status400BadRequest, Problem.ValidationFailed, "Say what to find.", "Give exactly one of identifier, contentHash or holder.");
            problem.Extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["identifier"] = ["Give exactly one of identifier, contentHash or holder."] };
            return Results.Problem(problem);
        }

        var query = session.Query<CertificateRecord>();
        var hash = contentHash?.ToLowerInvariant();
        var lookup = holder is null ? null : HolderLookup.Of(holder, lookupKey.Bytes);
        var found = !string.IsNullOrWhiteSpace(identifier) ? query.Where(record => record.Identifier == identifier)
            : hash is not null ? query.Where(record => record.ContentHash == hash)
            : query.Where(record => record.HolderLookup == lookup);
        var records = await found.OrderBy(record => record.IssuedAt).ToListAsync(cancellation);
        return Results.Ok(records.Select(record => CertificateView.Of(record, time)).ToList());
    }

    internal static Task<IResult> Send(Guid id, object command, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        StreamCommands.Send<CertificateRecord>(id, command, session, bus, () => NotFound(id), cancellation);

    internal static IResult NotFound(Guid id) => StreamCommands.NotFound("No such certificate.", $"There is no certificate {id}.");
}

/// <summary>The secret key of the holder lookup (Certificates:HolderLookupKey), read once at start-up.</summary>
public sealed record HolderLookupKey(byte[] Bytes);

/// <summary>A registry record as callers see it, with <see cref="Expired"/> derived from the validity dates now.</summary>
public sealed record CertificateView(CertificateRecord Record, bool Expired)
{
    public static CertificateView Of(CertificateRecord record, TimeProvider time) =>
        new(record, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > record.ValidUntil);
}

public static class CertificateHandler
{
    public static async Task Handle(IssueCertificate command, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var issuer = await IssuerOf(command.By, session, cancellation);
        var application = command.ApplicationId is { } applicationId
            ? await session.Events.FetchForWriting<Application>(applicationId, cancellation)
            : null;

        var issued = CertificateDecisions.Decide(command, issuer, application?.Aggregate, time.GetUtcNow());
        session.Events.StartStream<Certificate>(command.CertificateId, issued);
        application?.AppendOne(new ApplicationCertificateIssued(application.Id, command.CertificateId, issued.Identifier, issued.At));
    }

    public static async Task Handle(RenewCertificate command, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var issuer = await IssuerOf(command.By, session, cancellation);
        var old = await session.Events.FetchForWriting<Certificate>(command.CertificateId, command.Version, cancellation);
        var decided = CertificateDecisions.Decide(old.Aggregate!, command, issuer, time.GetUtcNow());
        session.Events.StartStream<Certificate>(command.NewCertificateId, decided.OfType<CertificateIssued>().Single());
        old.AppendMany(decided.OfType<CertificateSuperseded>());
    }

    private static async Task<Agency> IssuerOf(Actor by, IDocumentSession session, CancellationToken cancellation) =>
        await session.Events.FetchLatest<Agency>(StreamIds.ForAgency(by.Agency), cancellation)
            ?? throw new RuleBroken("agency-unknown", $"Agency {by.Agency} is not registered.");

    [AggregateHandler]
    public static CertificateSuspended Handle(SuspendCertificate command, Certificate certificate, TimeProvider time) => CertificateDecisions.Decide(certificate, command, time.GetUtcNow());

    [AggregateHandler]
    public static CertificateReinstated Handle(ReinstateCertificate command, Certificate certificate, TimeProvider time) => CertificateDecisions.Decide(certificate, command, time.GetUtcNow());

    [AggregateHandler]
    public static CertificateRevoked Handle(RevokeCertificate command, Certificate certificate, TimeProvider time) => CertificateDecisions.Decide(certificate, command, time.GetUtcNow());
}
