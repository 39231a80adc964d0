using CsCheck;
using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;

namespace Ledger.Domain.Tests.Incidents;

/// <summary>The city overview: each figure as <see cref="CaseFigures"/> counts it, each case as it stood at the overview's instant.</summary>
public class OverviewingTheCity
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static readonly Guid Late = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0c02");

    /// <summary>Closed on time; still in handling; dispatched and never accepted, then chased once (CaseOverdue).</summary>
    private static IReadOnlyList<object>[] Histories() =>
    [
        Closed(),
        [.. Accepted().Select(WithId(Guid.NewGuid()))],
        [
            .. Dispatched().Select(WithId(Late)),
            new CaseOverdue(Late, LimitKind.Acceptance, AcceptBy, SupervisionLevel.District, AcceptBy.AddHours(2), AcceptBy.AddMinutes(1)),
        ],
    ];

    private static Func<object, object> WithId(Guid id) => @event => @event switch
    {
        CaseReported reported => reported with { CaseId = id, Location = reported.Location with { GridCell = "310101-002-018" } },
        CaseRegistered registered => registered with { CaseId = id },
        CaseDispatched dispatched => dispatched with { CaseId = id },
        CaseAccepted accepted => accepted with { CaseId = id },
        _ => @event,
    };

    [Fact]
    public void cases_are_counted_by_stage_district_and_category_as_they_stood_at_the_instant()
    {
        var overview = CityOverviews.At(Histories(), Monday.AddDays(1).AddHours(12), Shanghai);

        overview.ShouldSatisfyAllConditions(
            () => overview.Cases.ShouldBe(3),
            () => overview.OpenCases.ShouldBe(2),
            () => overview.ByStage.ShouldBe([
                new StageCount(CaseStage.Dispatched, "310101", "ILLEGAL-PARKING", 1),
                new StageCount(CaseStage.InHandling, "310101", "ILLEGAL-PARKING", 1),
                new StageCount(CaseStage.Closed, "310101", "ILLEGAL-PARKING", 1),
            ]),
            () => overview.Districts.ShouldBe([new DistrictLoad("310101", 2, 1, 1)]),
            () => overview.BusiestGridCells.ShouldBe([new BusyGridCell("310101-002-018", "310101", 2), new BusyGridCell("310101-002-017", "310101", 1)]));
    }

    [Fact]
    public void a_case_chased_after_a_lapse_stays_overdue_from_the_lapse_until_its_deadline_moves()
    {
        var asAt = AcceptBy.AddHours(1);

        var overdue = CityOverviews.At(Histories(), asAt, Shanghai).Overdue.ShouldHaveSingleItem();

        overdue.ShouldBe(new OverdueCase(Late, "ILLEGAL-PARKING", "310101", CaseStage.Dispatched, LimitKind.Acceptance, AcceptBy, SupervisionLevel.District));
        CityOverviews.At([[.. Histories()[2], new CaseAccepted(Late, 1, Police, HandleBy, OfficerOf(Police), asAt.AddMinutes(-5))]], asAt, Shanghai)
            .Overdue.ShouldBeEmpty();
    }

    [Fact]
    public void a_case_past_its_deadline_is_overdue_before_the_clock_records_the_lapse()
    {
        var overview = CityOverviews.At([Dispatched()], AcceptBy.AddMinutes(1), Shanghai);

        overview.OverdueCases.ShouldBe(1);
        overview.Overdue.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            overdue => overdue.Due.ShouldBe(AcceptBy),
            overdue => overdue.Supervision.ShouldBeNull());
    }

    [Fact]
    public void the_chart_counts_local_days_in_the_calendars_offset()
    {
        // 23:30 UTC on Sunday the 29th is already Monday the 30th in Shanghai.
        var asAt = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);

        var overview = CityOverviews.At(Histories(), asAt, Shanghai);

        overview.Daily.Count.ShouldBe(CityOverviews.DaysCharted);
        overview.Daily[^1].Day.ShouldBe(new DateOnly(2026, 11, 30));
        overview.Periods.Single(period => string.Equals(period.Period, "today", StringComparison.Ordinal)).From.ShouldBe(new DateTimeOffset(2026, 11, 30, 0, 0, 0, Shanghai));
        overview.Daily.Single(day => day.Day == new DateOnly(2026, 11, 24)).ShouldSatisfyAllConditions(
            day => day.Due.ShouldBe(1),
            day => day.ClosingRate.ShouldBe(1));
    }

    [Fact]
    public void the_periods_and_the_chart_agree_with_the_figures_of_each_period_folded_afresh() =>
        Gen.Select(RandomCaseHistories.Cases.Array[0, 6], Gen.Int[0, 24 * 40]).Sample(generated =>
        {
            var (cases, hours) = generated;
            var histories = cases.Select(one =>
            {
                var history = new List<object>();
                _ = RandomCaseHistories.Play(one.Hotline, one.Steps, history).Count();
                return (IReadOnlyList<object>)history;
            }).ToList();
            var asAt = Monday.AddHours(hours);

            var overview = CityOverviews.At(histories, asAt, Shanghai);

            foreach (var period in overview.Periods)
            {
                period.Figures.ShouldBe(CaseFigures.For(histories, period.From, asAt), period.Period);
            }

            foreach (var day in overview.Daily)
            {
                var from = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), Shanghai);
                var figures = CaseFigures.For(histories, from, from.AddDays(1) < asAt ? from.AddDays(1) : asAt);
                (day.Due, day.Closed, day.ClosedOnTime).ShouldBe((figures.Due, figures.Closed, figures.ClosedOnTime), day.Day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
        }, iter: 300);

    [Fact]
    public void histories_kept_lean_give_the_same_overview_as_the_events_in_full() =>
        RandomCaseHistories.Cases.Array[1, 6].Sample(cases =>
        {
            var lean = new CaseHistories();
            var full = new List<IReadOnlyList<object>>();
            foreach (var one in cases)
            {
                var id = Guid.NewGuid();
                var history = new List<object>();
                _ = RandomCaseHistories.Play(one.Hotline, one.Steps, history).Count();
                full.Add(history);
                history.OfType<ICaseEvent>().ToList().ForEach(@event => lean.Add(id, @event));
            }

            var asAt = Monday.AddDays(12);
            Json(CityOverviews.At(lean.All, asAt, Shanghai)).ShouldBe(Json(CityOverviews.At(full, asAt, Shanghai)));
        }, iter: 200);

    private static string Json(CityOverview overview) => System.Text.Json.JsonSerializer.Serialize(overview);
}
