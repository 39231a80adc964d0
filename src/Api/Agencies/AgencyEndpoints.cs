using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;
using Ledger.Projections.Agencies;
using Marten;
using Wolverine;
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
            RuleFor(request => request.CertificateTypes).MaxItems(50);
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
    public static (CreatedView<AgencyProfile>, IStartStream) Post(RegisterAgencyRequest request, ClaimsPrincipal user, TimeProvider time)
    {
        var registered = AgencyDecisions.Decide(
            new RegisterAgency(request.CreditCode, request.Name, request.District, request.CertificateTypes ?? [], AccessTokens.ActorOf(user)), time.GetUtcNow());
        var agency = StreamIds.ForAgency(registered.CreditCode);
        return (CreatedView<AgencyProfile>.Of(agency, "/api/agencies/" + registered.CreditCode), MartenOps.StartStream<Agency>(agency, registered));
    }
}

public sealed record RegisterSealKeyRequest(long Version, string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil)
{
    public sealed class Validator : AbstractValidator<RegisterSealKeyRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.KeyId).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$");
            RuleFor(request => request.Algorithm).NotEmpty().MaximumLength(32);
            RuleFor(request => request.PublicKey).NotEmpty().MaximumLength(4096);
        }
    }
}

public static class RegisterSealKeyEndpoint
{
    public static Guid AgencyId(string creditCode) => StreamIds.ForAgency(creditCode);

    [WolverinePost("/api/agencies/{creditCode}/seal-keys", OperationId = "registerSealKey")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Agencies")]
    [EndpointSummary("Register a seal key")]
    [EndpointDescription("An agency registers the public half of one of its electronic seal keys (base64 DER SubjectPublicKeyInfo) with its validity window. The private key never reaches the ledger.")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status200OK)]
    public static (UpdatedView<AgencyProfile>, Events) Post(
        RegisterSealKeyRequest request, [WriteAggregate(FromMethod = nameof(AgencyId))] Agency agency, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<AgencyProfile>(), [AgencyDecisions.Decide(agency, new RegisterSealKey(
            agency.CreditCode, request.Version, request.KeyId, request.Algorithm, request.PublicKey, request.ValidFrom, request.ValidUntil, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
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
    public static Guid AgencyId(string creditCode) => StreamIds.ForAgency(creditCode);

    [WolverinePost("/api/agencies/{creditCode}/seal-keys/{keyId}/retirement", OperationId = "retireSealKey")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Agencies")]
    [EndpointSummary("Retire a seal key")]
    [EndpointDescription("From now on the key seals nothing; what it sealed before stays valid.")]
    [ProducesResponseType<AgencyProfile>(StatusCodes.Status200OK)]
    public static (UpdatedView<AgencyProfile>, Events) Post(
        string keyId, RetireSealKeyRequest request, [WriteAggregate(FromMethod = nameof(AgencyId))] Agency agency, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<AgencyProfile>(), [AgencyDecisions.Decide(agency, new RetireSealKey(agency.CreditCode, request.Version, keyId, request.Reason, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}

public static class AgencyStream
{
    public static IResult NotFound(string creditCode) => Problem.NotFoundResult("No such agency.", $"No agency is registered with credit code {creditCode}.");
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
            : AgencyStream.NotFound(creditCode);

    [WolverineGet("/api/agencies", OperationId = "listAgencies")]
    [AllowAnonymous]
    [Tags("Agencies")]
    [EndpointSummary("List registered agencies")]
    public static async Task<IReadOnlyList<AgencyProfile>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<AgencyProfile>().OrderBy(agency => agency.CreditCode).ToListAsync(cancellation);
}
