using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;

namespace Ledger.Domain.Tests.Incidents;

public class CountingCases
{
    private static readonly DateTimeOffset From = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset To = From.AddDays(10);

    /// <summary>Closed on time after a satisfied callback; still in handling past an extended deadline; returned once and still awaiting acceptance.</summary>
    private static readonly IReadOnlyList<object>[] Histories =
    [
        [.. Closed(CaseSource.Hotline12345), new CallbackRecorded(Id, Satisfaction.Satisfied, "", Hotline, ClosedAt.AddDays(1))],
        [.. Accepted(), new ExtensionRequested(Id, 1, Police, "需协调", 1, OfficerOf(Police), HandledAt), new ExtensionApproved(Id, 1, HandleBy.AddDays(1), Dispatcher, HandledAt)],
        [
            .. Dispatched(),
            new CaseReturned(Id, 1, Police, "非本部门职责", OfficerOf(Police), DispatchedAt.AddHours(1)),
            new CaseDispatched(Id, 2, Market, AcceptBy.AddHours(1), Dispatcher, DispatchedAt.AddHours(1)),
        ],
        [Reported()],
    ];

    [Fact]
    public void the_figures_divide_by_the_cases_due() =>
        CaseFigures.For(Histories, From, To).ShouldSatisfyAllConditions(
            figures => figures.Due.ShouldBe(2),
            figures => figures.ClosingRate.ShouldBe(0.5),
            figures => figures.OnTimeClosingRate.ShouldBe(0.5),
            figures => figures.ExtensionRate.ShouldBe(0.5),
            figures => figures.ReturnRate.ShouldBe(0.25),
            figures => figures.SatisfactionRate.ShouldBe(1),
            figures => figures.MeanTimeToClose.ShouldBe(ClosedAt - Monday.AddMinutes(10)),
            figures => figures.P90TimeToClose.ShouldBe(ClosedAt - Monday.AddMinutes(10)));

    [Fact]
    public void a_case_whose_deadline_falls_after_the_period_is_not_yet_due() =>
        CaseFigures.For(Histories, From, From.AddDays(2)).ShouldSatisfyAllConditions(
            figures => figures.Due.ShouldBe(1),
            figures => figures.Closed.ShouldBe(1),
            figures => figures.ExtensionRate.ShouldBe(0));

    [Fact]
    public void a_case_handled_after_its_deadline_is_closed_but_not_on_time()
    {
        var late = HandleBy.AddHours(1);
        IReadOnlyList<object> history =
        [
            .. Accepted(),
            new CaseHandled(Id, 1, Police, "已拖离", [], late.AddDays(1), OfficerOf(Police), late),
            new VerificationPassed(Id, "", [], Inspector, late),
            new CaseClosed(Id, Dispatcher, late),
        ];

        CaseFigures.For([history], From, To).ShouldSatisfyAllConditions(
            figures => figures.Closed.ShouldBe(1),
            figures => figures.ClosedOnTime.ShouldBe(0));
    }

    [Fact]
    public void with_nothing_to_divide_by_a_rate_is_unknown() =>
        CaseFigures.For([], From, To).ShouldSatisfyAllConditions(
            figures => figures.ClosingRate.ShouldBeNull(),
            figures => figures.SatisfactionRate.ShouldBeNull(),
            figures => figures.MeanTimeToClose.ShouldBeNull());
}
