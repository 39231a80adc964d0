using Ledger.Domain.Certificates;
using JasperFx.Events.Daemon;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;
using Ledger.Projections.Applications;
using Marten;
using Marten.Events;

namespace Ledger.Projections.Tests.Applications;

[Collection(StoreCollection.Name)]
public class ApplicationProjections(StoreFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly PartyOnRecord Wang = PartyOnRecord.Enterprise("上海某某餐饮有限公司", "91310101MA1FPX1234");

    private DocumentStore Store => fixture.Store;

    public async Task InitializeAsync() => await Store.Advanced.ResetAllData();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly Actor Portal = new("11310000MB2F12348G", "portal.web");
    private static readonly MatterDefinition Definition = new("食品经营许可", "11310000MB2F123457", [], ["申请书"], 20, "JY");

    private static ApplicationSubmitted Submitted(string matter, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), matter, 1, Definition, Wang, [new Material("营业执照", new string('d', 64))], Portal, at);

    private async Task Append(params ApplicationSubmitted[] submissions)
    {
        await using var session = Store.LightweightSession();
        foreach (var submitted in submissions)
        {
            session.Events.StartStream<Application>(submitted.ApplicationId, submitted);
        }

        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task an_application_status_is_written_in_the_same_transaction_as_its_submission()
    {
        var submitted = Submitted("310000-SC-001", Morning);

        await Append(submitted);

        await using var query = Store.QuerySession();
        var status = await query.LoadAsync<ApplicationStatus>(submitted.ApplicationId);
        status.ShouldNotBeNull();
        status.ShouldSatisfyAllConditions(
            () => status.MatterCode.ShouldBe("310000-SC-001"),
            () => status.Applicant.ShouldBe(Wang),
            () => status.Materials.ShouldBe(submitted.Materials),
            () => status.Stage.ShouldBe("Submitted"),
            () => status.SubmittedBy.ShouldBe(Portal),
            () => status.LeadAgency.ShouldBe("11310000MB2F123457"),
            () => status.Timeline.ShouldHaveSingleItem().Event.ShouldBe("application_submitted.v2"),
            () => status.SubmittedAt.ShouldBe(Morning),
            () => status.Version.ShouldBe(1));
    }

    [Fact]
    public async Task a_withdrawal_moves_the_status_to_withdrawn_with_its_reason()
    {
        var submitted = Submitted("310000-SC-003", Morning);
        await Append(submitted);

        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(submitted.ApplicationId, new ApplicationWithdrawn(submitted.ApplicationId, Recorded.InClear("经营计划调整"), Portal, Morning.AddDays(1)));
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var status = await query.LoadAsync<ApplicationStatus>(submitted.ApplicationId);
        status.ShouldNotBeNull();
        status.Stage.ShouldBe("Withdrawn");
        status.Reason.ShouldBe("经营计划调整");
        status.WithdrawalReason.ShouldBe(Recorded.InClear("经营计划调整"));
        status.Timeline.Select(entry => entry.Event).ShouldBe(["application_submitted.v2", "application_withdrawn.v2"]);
        status.Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_persons_application_status_holds_only_the_sealed_references()
    {
        var subject = Guid.Parse("7d4e2a91-3b6c-4f8a-9e15-2c0b8d6f4a73");
        var person = new PartyOnRecord(ApplicantKind.Person, Recorded.Sealed(subject, new string('a', 64)), Recorded.Sealed(subject, new string('b', 64)))
        {
            Phone = Recorded.Sealed(subject, new string('c', 64)),
        };
        var reason = Recorded.Sealed(subject, new string('e', 64));
        var submitted = Submitted("310000-SC-005", Morning) with { Applicant = person };
        await Append(submitted);

        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(submitted.ApplicationId, new ApplicationWithdrawn(submitted.ApplicationId, reason, Portal, Morning.AddDays(1)));
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var status = await query.LoadAsync<ApplicationStatus>(submitted.ApplicationId);
        status.ShouldNotBeNull();
        status.ShouldSatisfyAllConditions(
            () => status.Applicant.ShouldBe(person),
            () => status.Applicant.Name.Value.ShouldBeNull(),
            () => status.Applicant.IdentityNumber.Value.ShouldBeNull(),
            () => status.Stage.ShouldBe("Withdrawn"),
            () => status.Reason.ShouldBeNull(),
            () => status.WithdrawalReason.ShouldBe(reason),
            () => status.Timeline[^1].Note.ShouldBeNull());
        var json = await query.Json.FindByIdAsync<ApplicationStatus>(submitted.ApplicationId);
        json.ShouldNotBeNull();
        json.ShouldNotContain("\"value\"");
    }

    [Fact]
    public async Task the_write_model_is_folded_by_the_domain()
    {
        var submitted = Submitted("310000-SC-004", Morning);
        await Append(submitted);

        await using var session = Store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Application>(submitted.ApplicationId);

        stream.Aggregate.ShouldNotBeNull();
        stream.Aggregate.ShouldSatisfyAllConditions(
            () => stream.Aggregate.Id.ShouldBe(submitted.ApplicationId),
            () => stream.Aggregate.Stage.ShouldBe(ApplicationStage.Submitted),
            () => stream.Aggregate.Approvers.ShouldBe(["11310000MB2F123457"]),
            () => stream.Aggregate.SubmittedBy.ShouldBe(Portal));
        stream.CurrentVersion.ShouldBe(1);
    }

    [Fact]
    public async Task events_are_stored_under_their_catalogue_names()
    {
        var submitted = Submitted("310000-SC-002", Morning);

        await Append(submitted);

        await using var query = Store.QuerySession();
        var stored = await query.Events.FetchStreamAsync(submitted.ApplicationId);
        stored.ShouldHaveSingleItem().EventTypeName.ShouldBe("application_submitted.v2");
    }

    [Fact]
    public async Task the_daemon_counts_submissions_per_matter()
    {
        await Append(
            Submitted("310000-SC-001", Morning),
            Submitted("310000-SC-001", Morning.AddHours(1)),
            Submitted("310000-FD-007", Morning.AddHours(2)));

        using var daemon = await Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await daemon.StopAllAsync();

        await using var query = Store.QuerySession();
        var counts = await query.Query<MatterSubmissions>().OrderBy(matter => matter.Id).ToListAsync();
        counts.ShouldBe(
        [
            new MatterSubmissions("310000-FD-007", 1, Morning.AddHours(2)),
            new MatterSubmissions("310000-SC-001", 2, Morning.AddHours(1)),
        ]);
    }
}
