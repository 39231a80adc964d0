using Microsoft.Extensions.Configuration;
using Alba;
using Ledger.Api.Identity;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Testing;
using Npgsql;
using Wolverine.Tracking;

namespace Ledger.Api.Tests.Privacy;

/// <summary>
/// Erasure asked for while a certificate of the person is in force: their data is only stored until the hold ends, nothing
/// new is recorded for them, and the erasure is carried out when it ends.
/// </summary>
[Collection(ApiCollection.Name)]
public class RetentionHolds(ApiFixture fixture)
{
    private string PrivacyOfficer => fixture.TokenFor(new Actor("11310000MB2F00001C", "privacy.zhou"), Roles.PrivacyOfficer);

    [Fact]
    public async Task a_held_person_is_restricted_then_erased_when_the_hold_ends()
    {
        var city = await new City(fixture).WithPortal();
        var issuer = await city.RegisterAgency("上海市人力资源和社会保障局", "黄浦", "ZYZG");
        using var seal = await city.RegisterSealKey(issuer);
        var matter = await city.PublishMatter("职业资格证书补发", issuer, []);
        var identityNumber = City.NewResidentIdentityNumber();
        var content = City.CertificateFor("ZYZG", issuer, "周九", identityNumber, holderKind: ApplicantKind.Person);
        var issued = await city.Send(HttpMethod.Post, "/api/certificates", City.Sealed(content, seal), city.OfficerOf(issuer), 201);
        var subject = issued.GetProperty("holderSubject").GetGuid();

        var held = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "purpose-achieved" }, PrivacyOfficer, 409);
        var heldAgain = await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "purpose-achieved" }, PrivacyOfficer, 409);
        var refused = await city.Send(HttpMethod.Post, "/api/applications", new
        {
            matterCode = matter,
            applicant = new { kind = "Person", name = "周九", identityNumber },
            materials = new[] { new { name = "申请书", sha256 = Requests.Sha256Of(identityNumber) } },
        }, city.PortalToken, 422);
        var document = await city.Send(HttpMethod.Get, $"/api/certificates/{issued.Id()}/document", null, city.OfficerOf(issuer), 409);

        held.GetProperty("code").GetString().ShouldBe("retention-hold");
        heldAgain.GetProperty("until").GetString().ShouldBe(held.GetProperty("until").GetString());
        refused.GetProperty("code").GetString().ShouldBe("processing-restricted");
        document.GetProperty("code").GetString().ShouldBe("processing-restricted");
        var record = await city.Send(HttpMethod.Get, $"/api/privacy/subjects/{subject}", null, city.AdminToken, 200);
        record.GetProperty("restrictedUntil").GetString().ShouldBe(held.GetProperty("until").GetString());
        (await fixture.VaultRowsOf(subject)).ShouldBeGreaterThan(0);

        // When the certificate is no longer in force and the scheduled erasure arrives
        await city.Send(HttpMethod.Post, $"/api/certificates/{issued.Id()}/revocation", new { version = 1, reason = "持证人去世" }, city.OfficerOf(issuer), 200);
        await fixture.Host.InvokeMessageAndWaitAsync(new EraseSubjectWhenHoldEnds(subject, ErasureBasis.PurposeAchieved, new Actor("11310000MB2F00001C", "privacy.zhou")));

        (await fixture.VaultRowsOf(subject)).ShouldBe(0);
        var erased = await city.Send(HttpMethod.Get, $"/api/privacy/subjects/{subject}", null, city.AdminToken, 200);
        erased.GetProperty("erasedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
        erased.GetProperty("basis").GetString().ShouldBe("purpose-achieved");
        (await city.Send(HttpMethod.Post, "/api/privacy/erasures", new { identityNumber, legalBasis = "purpose-achieved" }, PrivacyOfficer, 200))
            .GetProperty("alreadyErased").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task a_host_with_another_key_encryption_key_does_not_start()
    {
        var exception = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var host = await AlbaHost.For<Program>(web =>
            {
                web.UseSetting("ConnectionStrings:Ledger", fixture.ConnectionString);
                web.UseSetting("Auth:Issuer", "ledger-test");
                web.UseSetting("Auth:PublicKeys:0", fixture.TokenSigningKey.ExportSubjectPublicKeyInfoPem());
                web.UseSetting("Ledger:Origin", ApiFixture.LogOrigin);
                web.UseSetting("Ledger:CheckpointKey", fixture.CheckpointKeyPem);
                web.UseSetting("Privacy:KeyEncryptionKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            });
        });

        exception.Message.ShouldContain("Privacy:KeyEncryptionKey is not the key this vault was created with");
        exception.Message.ShouldNotContain(TestEnvironment.PrivacyKey);
    }

    [Fact]
    public async Task a_host_without_a_key_encryption_key_does_not_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Ledger"] = fixture.ConnectionString,
            ["Ledger:CheckpointKey"] = fixture.CheckpointKeyPem,
            ["Auth:Issuer"] = "ledger-test",
            ["Auth:PublicKeys:0"] = fixture.TokenSigningKey.ExportSubjectPublicKeyInfoPem(),
        }).Build();

        var problems = await Ledger.Api.Hosting.StartupChecks.ProblemsAsync(configuration);

        problems.ShouldHaveSingleItem().ShouldContain("Privacy:KeyEncryptionKey");
    }
}
