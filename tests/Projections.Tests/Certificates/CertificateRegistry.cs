using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Projections.Certificates;
using Marten;

namespace Ledger.Projections.Tests.Certificates;

/// <summary>The registry holds a certificate's content as recorded: an enterprise holder in the clear, a person holder by subject only.</summary>
[Collection(StoreCollection.Name)]
public class CertificateRegistry(StoreFixture fixture) : IAsyncLifetime
{
    private const string Market = "11310000MB2F123457";
    private static readonly DateTimeOffset Issued = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Actor Officer = new(Market, "officer.wang");
    private static readonly Seal Seal = new("seal-2026", SealAlgorithm.EcdsaP256Sha256, Convert.ToBase64String(new byte[64]));

    private DocumentStore Store => fixture.Store;

    public async Task InitializeAsync() => await Store.Advanced.ResetAllData();

    public Task DisposeAsync() => Task.CompletedTask;

    private static CertificateContent Content(string serial) => new(
        CertificateIdentifier.Create("YYZZ", Market, serial, 1), "YYZZ", Market,
        new Holder(ApplicantKind.Enterprise, "上海小笼包餐饮有限公司", "91310101MA1FPX1234"),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["住所"] = "上海市黄浦区南京东路100号" },
        new DateOnly(2026, 11, 28), new DateOnly(2046, 11, 27), CertificateContent.NewNonce());

    private async Task<CertificateRecord> IssueAndLoad(CertificateOnRecord onRecord, string contentHash)
    {
        var id = StreamIds.ForCertificate(onRecord.Identifier);
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<Certificate>(id, new CertificateIssued(id, onRecord.Identifier, null, null, onRecord, contentHash, Seal, Officer, Issued));
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var record = await query.LoadAsync<CertificateRecord>(id);
        record.ShouldNotBeNull();
        return record;
    }

    [Fact]
    public async Task an_enterprise_holders_certificate_is_recorded_in_the_clear_with_its_seal()
    {
        var content = Content("310101202600001");

        var record = await IssueAndLoad(CertificateOnRecord.ForEnterprise(content), content.Hash());

        record.ShouldSatisfyAllConditions(
            () => record.Identifier.ShouldBe(content.Identifier),
            () => record.ContentHash.ShouldBe(content.Hash()),
            () => record.Seal.ShouldBe(Seal),
            () => record.Content.Holder.ShouldBe(PartyOnRecord.Enterprise("上海小笼包餐饮有限公司", "91310101MA1FPX1234")),
            () => record.Content.Fields["住所"].ShouldBe(Recorded.InClear("上海市黄浦区南京东路100号")),
            () => record.Content.Nonce.ShouldBe(Recorded.InClear(content.Nonce)),
            () => record.HolderSubject.ShouldBeNull(),
            () => record.Status.ShouldBe(nameof(CertificateStatus.Valid)));
    }

    [Fact]
    public async Task a_person_holders_certificate_is_found_by_subject_and_holds_no_value()
    {
        var subject = Guid.Parse("7d4e2a91-3b6c-4f8a-9e15-2c0b8d6f4a73");
        var content = Content("310101202600002");
        var onRecord = new CertificateOnRecord(
            content.Identifier, content.Type, content.Issuer,
            new PartyOnRecord(ApplicantKind.Person, Recorded.Sealed(subject, new string('a', 64)), Recorded.Sealed(subject, new string('b', 64))),
            new Dictionary<string, Recorded>(StringComparer.Ordinal) { ["住所"] = Recorded.Sealed(subject, new string('c', 64)) },
            content.ValidFrom, content.ValidUntil, Recorded.Sealed(subject, new string('d', 64)));

        var record = await IssueAndLoad(onRecord, new string('f', 64));

        record.HolderSubject.ShouldBe(subject);
        await using var query = Store.QuerySession();
        (await query.Query<CertificateRecord>().Where(found => found.HolderSubject == subject).ToListAsync())
            .ShouldHaveSingleItem().Id.ShouldBe(record.Id);
        var json = await query.Json.FindByIdAsync<CertificateRecord>(record.Id);
        json.ShouldNotBeNull();
        json.ShouldNotContain("\"value\"");
    }
}
