using System.Text.Json;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Projections.Audit;
using Ledger.Projections.Incidents;
using Marten;
using Case = Ledger.Domain.Incidents.Case;

namespace Ledger.Projections.Tests.Incidents;

[Collection(StoreCollection.Name)]
public class CaseProjections(StoreFixture fixture) : IAsyncLifetime
{
    private const string Police = "11310000MB2F12349K";
    private const string Greening = "11310000MB2F12350B";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly Actor Dispatcher = new("11310101MB2F00001X", "dispatcher.wang");
    private static readonly Actor Inspector = new("11310101MB2F00001X", "inspector.li");
    private static readonly Actor PoliceOfficer = new(Police, "officer.zhang");
    private static readonly Actor GreeningOfficer = new(Greening, "officer.liu");
    private static readonly CategoryDefinition FallenTree = new("树木倒伏", Greening,
        [new SeverityLimits(Severity.Urgent, TimeLimit.Hours(1), TimeLimit.Days(1), TimeLimit.Hours(4))]);
    private static readonly CaseLocation Bund = new("310101", "外滩街道", "310101-002-017", 31.2400, 121.4900);

    private DocumentStore Store => fixture.Store;

    public async Task InitializeAsync() => await Store.Advanced.ResetAllData();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_case_status_follows_the_loop_with_its_returns_extensions_and_timeline()
    {
        var id = Guid.CreateVersion7();
        object[] history =
        [
            new CaseReported(id, CaseSource.Hotline12345, "FALLEN-TREE", 1, FallenTree, Severity.Urgent, Bund, "大树倒在人行道上", [new string('a', 64)], null, Dispatcher, Monday),
            new CaseRegistered(id, Dispatcher, Monday.AddMinutes(5)),
            new CaseDispatched(id, 1, Police, Monday.AddHours(1), Dispatcher, Monday.AddMinutes(10)),
            new CaseReturned(id, 1, Police, "属绿化部门职责", PoliceOfficer, Monday.AddMinutes(20)),
            new CaseDispatched(id, 2, Greening, Monday.AddHours(2), Dispatcher, Monday.AddMinutes(30)),
            new CaseAccepted(id, 2, Greening, Monday.AddDays(1), GreeningOfficer, Monday.AddMinutes(40)),
            new CaseOverdue(id, LimitKind.Handling, Monday.AddDays(1), SupervisionLevel.District, Monday.AddDays(2), Monday.AddDays(1)),
            new ExtensionRequested(id, 2, Greening, "需吊车", 2, GreeningOfficer, Monday.AddDays(1).AddHours(1)),
            new ExtensionApproved(id, 2, Monday.AddDays(3), Dispatcher, Monday.AddDays(1).AddHours(2)),
            new CaseHandled(id, 2, Greening, "已移除倒伏树木", [new string('b', 64)], Monday.AddDays(2), GreeningOfficer, Monday.AddDays(1).AddHours(5)),
            new VerificationPassed(id, "现场已恢复通行", [new string('c', 64)], Inspector, Monday.AddDays(1).AddHours(6)),
            new CaseClosed(id, Dispatcher, Monday.AddDays(1).AddHours(7)),
        ];

        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<Case>(id, history);
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var status = await query.LoadAsync<CaseStatus>(id);
        status.ShouldNotBeNull();
        status.ShouldSatisfyAllConditions(
            () => status.Stage.ShouldBe("Closed"),
            () => status.Case.Stage.ShouldBe(CaseStage.Closed),
            () => status.Department.ShouldBe(Greening),
            () => status.District.ShouldBe("310101"),
            () => status.ReturnedBy.ShouldBe([Police]),
            () => status.Extensions.ShouldBe(1),
            () => status.Lapses.ShouldBe(1),
            () => status.Overdue.ShouldBeFalse(),
            () => status.Case.Supervision.ShouldBe(SupervisionLevel.District),
            () => status.Anonymous.ShouldBeTrue(),
            () => status.Description.ShouldBe("大树倒在人行道上"),
            () => status.Timeline.Select(entry => entry.Event).ShouldBe(
            [
                "case_reported.v1", "case_registered.v1", "case_dispatched.v1", "case_returned.v1", "case_dispatched.v1", "case_accepted.v1",
                "case_overdue.v1", "extension_requested.v1", "extension_approved.v1", "case_handled.v1", "verification_passed.v1", "case_closed.v1",
            ]),
            () => status.Timeline[3].ShouldBe(status.Timeline[3] with { Agency = Police, Officer = "officer.zhang", Note = "属绿化部门职责" }),
            () => status.Version.ShouldBe(12),
            () => status.LastPosition.ShouldBe(status.Timeline[^1].Position),
            () => JsonSerializer.Serialize(status.Case).ShouldBe(JsonSerializer.Serialize(history.Aggregate((Case?)null, Case.Evolve))));
    }

    [Fact]
    public async Task the_read_model_audit_refolds_cases_and_names_a_row_changed_behind_the_api()
    {
        var id = Guid.CreateVersion7();
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<Case>(id,
                new CaseReported(id, CaseSource.IotSensor, "FALLEN-TREE", 1, FallenTree, Severity.Urgent, Bund, "倾斜传感器报警", [], null, Dispatcher, Monday),
                new CaseRegistered(id, Dispatcher, Monday.AddMinutes(5)));
            await session.SaveChangesAsync();
        }

        (await ReadModelAudit.RunAsync(Store, null, CancellationToken.None)).ShouldBeEmpty();

        await using (var session = Store.LightweightSession())
        {
            var status = await session.LoadAsync<CaseStatus>(id);
            session.Store(status! with { Description = "已改写" });
            await session.SaveChangesAsync();
        }

        var finding = (await ReadModelAudit.RunAsync(Store, null, CancellationToken.None)).ShouldHaveSingleItem();
        finding.ShouldSatisfyAllConditions(
            () => finding.ReadModel.ShouldBe(nameof(CaseStatus)),
            () => finding.Id.ShouldBe(id),
            () => finding.What.ShouldContain("$.description"));
    }

    [Fact]
    public async Task cases_are_found_by_department_and_stage_through_their_indexes()
    {
        await using (var session = Store.LightweightSession())
        {
            foreach (var department in new[] { Police, Greening, Greening })
            {
                var id = Guid.CreateVersion7();
                session.Events.StartStream<Case>(id,
                    new CaseReported(id, CaseSource.GridInspector, "FALLEN-TREE", 1, FallenTree, Severity.Urgent, Bund, "树木倒伏", [], null, Dispatcher, Monday),
                    new CaseRegistered(id, Dispatcher, Monday.AddMinutes(5)),
                    new CaseDispatched(id, 1, department, Monday.AddHours(1), Dispatcher, Monday.AddMinutes(10)));
            }

            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var toAccept = await query.Query<CaseStatus>().Where(status => status.Department == Greening && status.Stage == "Dispatched").ToListAsync();
        toAccept.Count.ShouldBe(2);
    }

    [Fact]
    public async Task the_category_catalogue_shows_each_category_at_its_latest_revision()
    {
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<Category>(Category.StreamId("FALLEN-TREE"),
                new CategoryPublished("FALLEN-TREE", 1, FallenTree, Dispatcher, Monday),
                new CategoryRevised("FALLEN-TREE", 2, FallenTree with { Name = "树木倒伏或断枝" }, Dispatcher, Monday.AddDays(1)));
            await session.SaveChangesAsync();
        }

        await using var query = Store.QuerySession();
        var entry = await query.Query<CategoryCatalogueEntry>().SingleAsync(category => category.Code == "FALLEN-TREE");
        entry.ShouldSatisfyAllConditions(
            () => entry.Revision.ShouldBe(2),
            () => entry.Definition.Name.ShouldBe("树木倒伏或断枝"),
            () => entry.Version.ShouldBe(2));
    }
}
