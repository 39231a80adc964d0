using Ledger.Domain.Certificates;
using Ledger.Projections.Certificates;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Certificates;

public sealed record GrantConsentRequest(long Version, string Agency, string Purpose, DateTimeOffset Until)
{
    public sealed class Validator : AbstractValidator<GrantConsentRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Agency).NotEmpty().Length(18);
            RuleFor(request => request.Purpose).NotEmpty().MaximumLength(200);
        }
    }
}

public sealed record WithdrawConsentRequest(long Version)
{
    public sealed class Validator : AbstractValidator<WithdrawConsentRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
        }
    }
}

public sealed record UseCertificateRequest(long Version, Guid ConsentId, string Purpose)
{
    public sealed class Validator : AbstractValidator<UseCertificateRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.ConsentId).NotEmpty();
            RuleFor(request => request.Purpose).NotEmpty().MaximumLength(200);
        }
    }
}

/// <summary>Certificate use with consent (用证): the holder authorises, through the portal; agencies record each use; use without live consent is refused.</summary>
public static class ConsentEndpoints
{
    [WolverinePost("/api/certificates/{id}/consents", OperationId = "grantConsent")]
    [Authorize(Roles = Roles.Portal)]
    [Tags("Certificates")]
    [EndpointSummary("Grant an agency consent to use a certificate")]
    [EndpointDescription("The holder, through the portal, lets one agency use the certificate for one purpose until a time.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Grant(GrantConsentRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new GrantConsent(certificate.Id, request.Version, Guid.CreateVersion7(), request.Agency, request.Purpose, request.Until, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    [WolverinePost("/api/certificates/{id}/consents/{consentId}/withdrawal", OperationId = "withdrawConsent")]
    [Authorize(Roles = Roles.Portal)]
    [Tags("Certificates")]
    [EndpointSummary("Withdraw a consent")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Withdraw(Guid consentId, WithdrawConsentRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new WithdrawConsent(certificate.Id, request.Version, consentId, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    [WolverinePost("/api/certificates/{id}/uses", OperationId = "useCertificate")]
    [Authorize(Roles = Roles.Officer)]
    [Tags("Certificates")]
    [EndpointSummary("Record a use of a certificate by the calling agency")]
    [EndpointDescription("Refused with consent-missing unless the holder's consent for this agency and purpose is live.")]
    [ProducesResponseType<CertificateRecord>(StatusCodes.Status200OK)]
    public static (UpdatedView<CertificateRecord>, Events) Use(UseCertificateRequest request, [WriteAggregate] Certificate certificate, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CertificateRecord>(), [CertificateDecisions.Decide(certificate, new UseCertificate(certificate.Id, request.Version, request.ConsentId, request.Purpose, AccessTokens.ActorOf(user)), time.GetUtcNow())]);
}
