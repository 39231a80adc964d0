using System.Security.Claims;
using FluentValidation;
using Ledger.Api.Identity;
using Ledger.Api.Problems;
using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;
using Ledger.Projections.Agencies;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Api.Agencies;

public sealed record RegisterAgencyRequest(string CreditCode, string Name, string District, IReadOnlyList<string>? CertificateTypes)
{
    public sealed class Validator : AbstractValidator<RegisterAgencyRequest>
    {
        public Validator()
        {
            RuleFor(request => request.CreditCode).NotEmpty().Length(18);
            RuleFor(request => request.Name).NotEmpty().MaximumLength(200);
            RuleFor(request => request.District).NotEmpty().MaximumLength(50);
            RuleForEach(request => request.CertificateTypes).NotEmpty().MaximumLength(32).Matches("^[0-9A-Za-z]+$");
        }
    }
}

public static class RegisterAgencyEndpoint
{
    [WolverinePost("/api/agencies", OperationId = "registerAgency")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Agencies")]
    [EndpointSummary("Register an agency")]
    [EndpointDescription("Starts the agency's stream, keyed by its unified social credit code (checked against its GB 32100 check character).")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RegisterAgencyRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation)
    {
        await bus.InvokeAsync(new RegisterAgency(request.CreditCode, request.Name, request.District, request.CertificateTypes ?? [], AccessTokens.ActorOf(user)), cancellation);
        return Results.Created("/api/agencies/" + request.CreditCode, await session.LoadAsync<AgencyProfile>(StreamIds.ForAgency(request.CreditCode), cancellation));
    }
}

public static class RegisterAgencyHandler
{
    public static IStartStream Handle(RegisterAgency command, TimeProvider time) =>
        MartenOps.StartStream<Agency>(StreamIds.ForAgency(command.CreditCode), AgencyDecisions.Decide(command, time.GetUtcNow()));
}

public sealed record RegisterSealKeyRequest(long Version, string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    public sealed class Validator : AbstractValidator<RegisterSealKeyRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.KeyId).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$");
            RuleFor(request => request.Algorithm).NotEmpty();
            RuleFor(request => request.PublicKey).NotEmpty().MaximumLength(4096);
        }
    }
}

public static class RegisterSealKeyEndpoint
{
    [WolverinePost("/api/agencies/{creditCode}/seal-keys", OperationId = "registerSealKey")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Agencies")]
    [EndpointSummary("Register a seal key")]
    [EndpointDescription("An agency registers the public half of one of its electronic seal keys (base64 DER SubjectPublicKeyInfo) with its validity window. The private key never reaches the ledger.")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string creditCode, RegisterSealKeyRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        AgencyCommands.Send(creditCode, new RegisterSealKey(
            creditCode, request.Version, request.KeyId, request.Algorithm, request.PublicKey, request.ValidFrom, request.ValidUntil, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public sealed record RetireSealKeyRequest(long Version, string Reason)
{
    public sealed class Validator : AbstractValidator<RetireSealKeyRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Reason).NotEmpty().MaximumLength(1000);
        }
    }
}

public static class RetireSealKeyEndpoint
{
    [WolverinePost("/api/agencies/{creditCode}/seal-keys/{keyId}/retirement", OperationId = "retireSealKey")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Agencies")]
    [EndpointSummary("Retire a seal key")]
    [EndpointDescription("From now on the key seals nothing; what it sealed before stays valid.")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string creditCode, string keyId, RetireSealKeyRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        AgencyCommands.Send(creditCode, new RetireSealKey(creditCode, request.Version, keyId, request.Reason, AccessTokens.ActorOf(user)), session, bus, cancellation);
}

public static class SealKeyHandler
{
    public static async Task Handle(RegisterSealKey command, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<Agency>(StreamIds.ForAgency(command.CreditCode), command.Version, cancellation);
        stream.AppendOne(AgencyDecisions.Decide(stream.Aggregate!, command, time.GetUtcNow()));
    }

    public static async Task Handle(RetireSealKey command, IDocumentSession session, TimeProvider time, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<Agency>(StreamIds.ForAgency(command.CreditCode), command.Version, cancellation);
        stream.AppendOne(AgencyDecisions.Decide(stream.Aggregate!, command, time.GetUtcNow()));
    }
}

public static class AgencyCommands
{
    public static Task<IResult> Send(string creditCode, object command, IQuerySession session, IMessageBus bus, CancellationToken cancellation) =>
        StreamCommands.Send<AgencyProfile>(StreamIds.ForAgency(creditCode), command, session, bus, () => NotFound(creditCode), cancellation);

    public static IResult NotFound(string creditCode) => StreamCommands.NotFound("No such agency.", $"No agency is registered with credit code {creditCode}.");
}

public static class AgencyQueries
{
    [WolverineGet("/api/agencies/{creditCode}", OperationId = "getAgency")]
    [AllowAnonymous]
    [Tags("Agencies")]
    [EndpointSummary("Read an agency and its seal keys")]
    [EndpointDescription("Public: anyone checking a seal needs the issuer's public keys and their validity windows.")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string creditCode, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<AgencyProfile>(StreamIds.ForAgency(creditCode), cancellation) is { } profile
            ? Results.Ok(profile)
            : AgencyCommands.NotFound(creditCode);

    [WolverineGet("/api/agencies", OperationId = "listAgencies")]
    [AllowAnonymous]
    [Tags("Agencies")]
    [EndpointSummary("List registered agencies")]
    public static async Task<IReadOnlyList<AgencyProfile>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<AgencyProfile>().OrderBy(agency => agency.CreditCode).ToListAsync(cancellation);
}
