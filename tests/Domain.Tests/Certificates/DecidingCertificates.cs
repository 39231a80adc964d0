using Ledger.Domain.Privacy;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using static Ledger.Domain.Tests.Applications.ApplicationHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Certificates;

public sealed class DecidingCertificates : IDisposable
{
    private static readonly DateTimeOffset Now = Monday.AddDays(5);
    private readonly ECDsa _sealKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Agency _market;
    private readonly Guid _certificateId = Guid.Parse("01a20a0a-20b5-7140-9e69-4123a5910001");

    public DecidingCertificates()
    {
        var key = new SealKey("seal-2026", SealAlgorithm.EcdsaP256Sha256, Convert.ToBase64String(_sealKey.ExportSubjectPublicKeyInfo()), Monday.AddDays(-30), Monday.AddYears(1), null);
        _market = new Agency(StreamIds.ForAgency(Market), Market, "上海市市场监督管理局", "黄浦", ["YYZZ"], ImmutableDictionary<string, SealKey>.Empty.Add(key.KeyId, key));
    }

    public void Dispose() => _sealKey.Dispose();

    private static CertificateContent Content(string type = "JY", int version = 1, string issuer = Market) => new(
        CertificateIdentifier.Create(type, issuer, "310101202600001", version), type, issuer,
        new Holder(ApplicantKind.Enterprise, "上海小笼包餐饮有限公司", "91310101MA1FPX1234"),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["经营场所"] = "上海市黄浦区南京东路1号", ["经营项目"] = "热食类食品制售" },
        new DateOnly(2026, 11, 28), new DateOnly(2031, 11, 27), Nonce);

    /// <summary>Fixed, so that every <see cref="Content"/> with the same arguments hashes the same.</summary>
    private const string Nonce = "9f3c1a7e5b2d4f6081a3c5e7092b4d6f8a1c3e5f7092b4d6e8f0a1c3e5d7b9f1";

    /// <summary>The issuing decision, given the content as recorded for an enterprise holder: every value in the clear.</summary>
    private static CertificateIssued Decide(IssueCertificate command, Agency issuer, Application? application, DateTimeOffset now) =>
        CertificateDecisions.Decide(command, CertificateOnRecord.ForEnterprise(command.Content), issuer, application, now);

    private IssueCertificate Issue(CertificateContent content, Guid? applicationId, string keyId = "seal-2026", Actor? by = null) =>
        new(_certificateId, applicationId, content, Seal.Sign(content.Hash(), keyId, _sealKey), by ?? OfficerOf(Market));

    [Fact]
    public void the_lead_agency_issues_the_certificate_of_an_approved_application() =>
        Given(Fold, Approved())
            .When(application => Decide(Issue(Content(), Id), _market, application, Now))
            .Then(issued =>
            {
                issued.ContentHash.ShouldBe(Content().Hash());
                issued.Identifier.ShouldBe(Content().Identifier);
                issued.ApplicationId.ShouldBe(Id);
                issued.Content.Holder.ShouldBe(PartyOnRecord.Enterprise("上海小笼包餐饮有限公司", "91310101MA1FPX1234"));
            });

    [Fact]
    public void a_certificate_needs_an_approved_application() =>
        Given(Fold, Accepted())
            .When(application => Decide(Issue(Content(), Id), _market, application, Now))
            .ThenRefused("application-not-approved");

    [Fact]
    public void a_co_approver_does_not_issue_the_certificate() =>
        Given(Fold, Approved())
            .When(application => Decide(
                Issue(Content(issuer: Health), Id, by: OfficerOf(Health)), _market with { CreditCode = Health }, application, Now))
            .ThenRefused("issuer-not-lead-agency");

    [Fact]
    public void an_authorised_issuer_issues_directly() =>
        When(() => Decide(Issue(Content("YYZZ"), null), _market, null, Now))
            .Then(issued => issued.ApplicationId.ShouldBeNull());

    [Fact]
    public void an_agency_not_authorised_for_a_type_does_not_issue_it_directly() =>
        When(() => Decide(Issue(Content("JY"), null), _market, null, Now))
            .ThenRefused("issuer-not-authorised");

    [Fact]
    public void a_seal_key_outside_its_validity_window_cannot_seal() =>
        When(() => Decide(Issue(Content("YYZZ"), null), _market, null, Monday.AddYears(2)))
            .ThenRefused("seal-key-not-valid");

    [Fact]
    public void an_unknown_seal_key_cannot_seal() =>
        When(() => Decide(Issue(Content("YYZZ"), null, keyId: "seal-1999"), _market, null, Now))
            .ThenRefused("seal-key-not-valid");

    [Fact]
    public void a_seal_over_other_content_is_refused()
    {
        var sealedContent = Content("YYZZ");
        var edited = sealedContent with { Fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["经营场所"] = "别处" } };

        When(() => Decide(Issue(sealedContent, null) with { Content = edited }, _market, null, Now))
            .ThenRefused("seal-signature-invalid");
    }

    [Fact]
    public void an_identifier_with_a_wrong_check_character_is_refused()
    {
        var content = Content("YYZZ");
        var wrong = content with { Identifier = content.Identifier[..^1] + (content.Identifier[^1] == '0' ? '1' : '0') };

        When(() => Decide(Issue(wrong, null), _market, null, Now))
            .ThenRefused("certificate-identifier-invalid");
    }

    private Certificate IssuedCertificate(params object[] later) =>
        later.Aggregate(
            Certificate.Evolve(null, Decide(Issue(Content("YYZZ"), null), _market, null, Now))!,
            (certificate, @event) => Certificate.Evolve(certificate, @event)!);

    [Fact]
    public void a_revoked_certificate_is_never_reinstated() =>
        When(() => CertificateDecisions.Decide(
                IssuedCertificate(new CertificateRevoked(_certificateId, "吊销", OfficerOf(Market), Now)),
                new ReinstateCertificate(_certificateId, 2, "误操作", OfficerOf(Market)), Now))
            .ThenRefused("certificate-revoked");

    [Fact]
    public void a_revoked_certificate_is_never_renewed()
    {
        var renewal = Content("YYZZ", version: 2);

        When(() => CertificateDecisions.Decide(
                IssuedCertificate(new CertificateRevoked(_certificateId, "吊销", OfficerOf(Market), Now)),
                new RenewCertificate(_certificateId, 2, Guid.NewGuid(), renewal, Seal.Sign(renewal.Hash(), "seal-2026", _sealKey), OfficerOf(Market)), CertificateOnRecord.ForEnterprise(renewal), _market, Now))
            .ThenRefused("certificate-revoked");
    }

    [Fact]
    public void a_renewal_issues_the_next_version_and_supersedes_the_old()
    {
        var renewal = Content("YYZZ", version: 2);
        var newId = Guid.Parse("01a20a0a-20b5-7140-9e69-4123a5910002");

        When(() => CertificateDecisions.Decide(
                IssuedCertificate(),
                new RenewCertificate(_certificateId, 1, newId, renewal, Seal.Sign(renewal.Hash(), "seal-2026", _sealKey), OfficerOf(Market)), CertificateOnRecord.ForEnterprise(renewal), _market, Now))
            .Then(events =>
            {
                events[0].ShouldBeOfType<CertificateIssued>().Supersedes.ShouldBe(_certificateId);
                events[1].ShouldBe(new CertificateSuperseded(_certificateId, newId, renewal.Identifier, OfficerOf(Market), Now));
            });
    }

    [Fact]
    public void a_suspended_certificate_is_reinstated_by_its_issuer() =>
        When(() => CertificateDecisions.Decide(
                IssuedCertificate(new CertificateSuspended(_certificateId, "核查中", OfficerOf(Market), Now)),
                new ReinstateCertificate(_certificateId, 2, "核查完毕", OfficerOf(Market)), Now))
            .Then(reinstated => reinstated.Reason.ShouldBe("核查完毕"));

    [Fact]
    public void only_the_issuer_revokes() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(), new RevokeCertificate(_certificateId, 1, "越权", OfficerOf(Fire)), Now))
            .ThenRefused("not-issuer");

    [Fact]
    public void expiry_follows_from_the_validity_dates() =>
        IssuedCertificate().IsExpiredOn(new DateOnly(2031, 11, 28)).ShouldBeTrue();

    [Fact]
    public void an_approved_application_producing_a_certificate_is_not_completed_without_it() =>
        Given(Fold, Approved())
            .When(application => ApplicationDecisions.Decide(application!, new CompleteApplication(Id, 7, OfficerOf(Market)), Now))
            .ThenRefused("certificate-not-issued");

    [Fact]
    public void with_its_certificate_issued_the_application_is_completed() =>
        Given(Fold, [.. Approved(), new ApplicationCertificateIssued(Id, _certificateId, Content().Identifier, Now)])
            .When(application => ApplicationDecisions.Decide(application!, new CompleteApplication(Id, 8, OfficerOf(Market)), Now))
            .Then(completed => completed.At.ShouldBe(Now));

    private readonly Guid _consentId = Guid.Parse("01a20a0b-0000-7000-8000-00000000c0de");

    private ConsentGranted Consent(DateTimeOffset until) =>
        new(_certificateId, _consentId, Fire, "消防检查核验", until, Citizen, Now);

    [Fact]
    public void the_holder_grants_consent_on_a_valid_certificate() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(), new GrantConsent(_certificateId, 1, _consentId, Fire, "消防检查核验", Now.AddDays(30), Citizen), Now))
            .Then(granted => granted.Agency.ShouldBe(Fire));

    [Fact]
    public void no_consent_is_granted_on_a_revoked_certificate() =>
        When(() => CertificateDecisions.Decide(
                IssuedCertificate(new CertificateRevoked(_certificateId, "吊销", OfficerOf(Market), Now)),
                new GrantConsent(_certificateId, 2, _consentId, Fire, "消防检查核验", Now.AddDays(30), Citizen), Now))
            .ThenRefused("certificate-revoked");

    [Fact]
    public void an_agency_uses_a_certificate_under_a_live_consent() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(Consent(Now.AddDays(30))), new UseCertificate(_certificateId, 2, _consentId, "消防检查核验", OfficerOf(Fire)), Now.AddDays(1)))
            .Then(used => used.ShouldBe(new CertificateUsed(_certificateId, _consentId, Fire, "消防检查核验", OfficerOf(Fire), Now.AddDays(1))));

    [Fact]
    public void use_after_the_consent_lapsed_is_refused() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(Consent(Now.AddDays(30))), new UseCertificate(_certificateId, 2, _consentId, "消防检查核验", OfficerOf(Fire)), Now.AddDays(31)))
            .ThenRefused("consent-missing");

    [Fact]
    public void use_by_another_agency_than_the_consented_one_is_refused() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(Consent(Now.AddDays(30))), new UseCertificate(_certificateId, 2, _consentId, "消防检查核验", OfficerOf(Health)), Now))
            .ThenRefused("consent-missing");

    [Fact]
    public void use_after_withdrawal_is_refused() =>
        When(() => CertificateDecisions.Decide(
                IssuedCertificate(Consent(Now.AddDays(30)), new ConsentWithdrawn(_certificateId, _consentId, Citizen, Now)),
                new UseCertificate(_certificateId, 3, _consentId, "消防检查核验", OfficerOf(Fire)), Now.AddHours(1)))
            .ThenRefused("consent-missing");

    [Fact]
    public void an_expired_certificate_is_not_used_even_with_consent() =>
        When(() => CertificateDecisions.Decide(IssuedCertificate(Consent(Now.AddYears(10))), new UseCertificate(_certificateId, 2, _consentId, "消防检查核验", OfficerOf(Fire)), new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .ThenRefused("certificate-expired");
}
