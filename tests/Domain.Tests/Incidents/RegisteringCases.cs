using Ledger.Domain.Incidents;
using Case = Ledger.Domain.Incidents.Case;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class RegisteringCases
{
    private static readonly DateTimeOffset Now = Monday.AddHours(2);
    private static readonly Case Original = Fold([Reported(id: OriginalId), new CaseRegistered(OriginalId, Dispatcher, Monday)])!;

    [Fact]
    public void the_centre_registers_a_report() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new RegisterCase(Id, 1, Dispatcher), Now))
            .Then(registered => registered.ShouldBe(new CaseRegistered(Id, Dispatcher, Now)));

    [Fact]
    public void a_registered_case_awaits_dispatch() =>
        Fold(Registered())!.Stage.ShouldBe(CaseStage.AwaitingDispatch);

    [Fact]
    public void a_case_is_registered_once() =>
        Given(Fold, Registered())
            .When(@case => CaseDecisions.Decide(@case!, new RegisterCase(Id, 2, Dispatcher), Now))
            .ThenRefused("case-already-registered");

    [Fact]
    public void the_centre_declines_to_register_with_a_reason() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new RejectCase(Id, 1, "非城市管理事项", Dispatcher), Now))
            .Then(rejected => rejected.ShouldBe(new CaseNotRegistered(Id, "非城市管理事项", Dispatcher, Now)));

    [Fact]
    public void declining_needs_a_reason() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new RejectCase(Id, 1, "", Dispatcher), Now))
            .ThenRefused("reason-missing");

    [Fact]
    public void a_case_not_registered_goes_no_further() =>
        Given(Fold, Reported(), new CaseNotRegistered(Id, "非城市管理事项", Dispatcher, Monday))
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 2, null, Dispatcher), ShanghaiCalendar, Now))
            .ThenRefused("case-not-registered");

    [Fact]
    public void a_report_is_not_dispatched_before_registration() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 1, null, Dispatcher), ShanghaiCalendar, Now))
            .ThenRefused("case-not-registered");

    [Fact]
    public void a_duplicate_is_merged_into_the_open_case_it_repeats() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new MergeCase(Id, 1, OriginalId, Dispatcher), Original, Now))
            .Then(merged => merged.ShouldBe(new CaseMerged(Id, OriginalId, Dispatcher, Now)));

    [Fact]
    public void the_original_notes_its_duplicate() =>
        When(() => Case.Evolve(Original, CaseDecisions.Decide(Original, new CaseMerged(Id, OriginalId, Dispatcher, Now)))!)
            .Then(original => original.Duplicates.ShouldBe([Id]));

    [Fact]
    public void only_the_case_merged_into_notes_the_duplicate() =>
        When(() => CaseDecisions.Decide(Original, new CaseMerged(Id, Guid.NewGuid(), Dispatcher, Now)))
            .ThenRefused("unknown-case");

    [Fact]
    public void a_merged_case_is_not_dispatched() =>
        Given(Fold, Reported(), new CaseMerged(Id, OriginalId, Dispatcher, Monday))
            .When(@case => CaseDecisions.Decide(@case!, new DispatchCase(Id, 2, null, Dispatcher), ShanghaiCalendar, Now))
            .ThenRefused("case-merged");

    [Fact]
    public void a_duplicate_is_merged_only_into_an_open_registered_case() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new MergeCase(Id, 1, OriginalId, Dispatcher), Fold([Reported(id: OriginalId)]), Now))
            .ThenRefused("original-not-open");

    [Fact]
    public void a_duplicate_is_not_merged_into_a_closed_case() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new MergeCase(Id, 1, OriginalId, Dispatcher), Original with { Stage = CaseStage.Closed }, Now))
            .ThenRefused("original-not-open");

    [Fact]
    public void a_duplicate_of_no_case_is_refused() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new MergeCase(Id, 1, OriginalId, Dispatcher), null, Now))
            .ThenRefused("unknown-case");

    [Fact]
    public void a_case_is_not_its_own_duplicate() =>
        Given(Fold, Reported())
            .When(@case => CaseDecisions.Decide(@case!, new MergeCase(Id, 1, Id, Dispatcher), @case, Now))
            .ThenRefused("case-merged-into-itself");
}
