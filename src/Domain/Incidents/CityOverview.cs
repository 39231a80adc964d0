namespace Ledger.Domain.Incidents;

/// <summary>How many cases stand at one stage, in one district, of one category.</summary>
public sealed record StageCount(CaseStage Stage, string District, string CategoryCode, int Cases);

/// <summary>One district's load: its open cases, those of them overdue, and its closed cases.</summary>
public sealed record DistrictLoad(string District, int Open, int Overdue, int Closed);

/// <summary>The figures of one period ending at the overview's instant.</summary>
/// <param name="Period">today, last-7-days, last-30-days, this-month or all-time.</param>
public sealed record PeriodPerformance(string Period, DateTimeOffset From, DateTimeOffset To, CasePerformance Figures);

/// <summary>One local day of the chart: its cases due, closed and closed on time, and the two rates.</summary>
public sealed record DailyPerformance(DateOnly Day, int Due, int Closed, int ClosedOnTime, double? ClosingRate, double? OnTimeClosingRate);

/// <summary>A grid cell (网格) by the cases reported in it.</summary>
public sealed record BusyGridCell(string GridCell, string District, int Cases);

/// <summary>An open case past a time limit: <paramref name="Due"/> is when the limit it is overdue on lapsed (the first lapse while it is chased).</summary>
public sealed record OverdueCase(Guid CaseId, string CategoryCode, string District, CaseStage Stage, LimitKind Kind, DateTimeOffset Due, SupervisionLevel? Supervision);

/// <summary>
/// The city overview (一屏观天下) as it stood at <paramref name="AsAt"/>: every figure a pure function of the case histories,
/// with days counted in the calendar's <paramref name="UtcOffset"/>, so that anyone holding the log can compute it again.
/// </summary>
/// <param name="Overdue">The most overdue first, at most <see cref="CityOverviews.OverdueListed"/>; <paramref name="OverdueCases"/> counts them all.</param>
public sealed record CityOverview(
    DateTimeOffset AsAt,
    TimeSpan UtcOffset,
    int Cases,
    int OpenCases,
    int OverdueCases,
    IReadOnlyList<StageCount> ByStage,
    IReadOnlyList<DistrictLoad> Districts,
    IReadOnlyList<PeriodPerformance> Periods,
    IReadOnlyList<DailyPerformance> Daily,
    IReadOnlyList<BusyGridCell> BusiestGridCells,
    IReadOnlyList<OverdueCase> Overdue);

public static class CityOverviews
{
    public const int OverdueListed = 200;
    public const int GridCellsListed = 10;
    public const int DaysCharted = 30;

    /// <summary>
    /// The overview of these case histories (each one case's events in stream order) as at <paramref name="asAt"/>: each case
    /// counted as it stood then (events at or after it are not yet known), the periods and the chart's days ending then.
    /// Each case is folded once, forward through the chart's days to <paramref name="asAt"/>; the period figures are those of
    /// <see cref="CaseFigures.For(IEnumerable{IReadOnlyList{object}}, DateTimeOffset, DateTimeOffset)"/>.
    /// </summary>
    public static CityOverview At(IEnumerable<IReadOnlyList<object>> histories, DateTimeOffset asAt, TimeSpan utcOffset)
    {
        var cases = histories.Select(history => new CaseCursor(history)).ToList();
        var local = asAt.ToOffset(utcOffset);
        var today = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, utcOffset);
        var daily = new List<DailyPerformance>(DaysCharted);
        for (var day = DaysCharted - 1; day >= 0; day--)
        {
            var from = today.AddDays(-day);
            var to = day == 0 ? asAt : from.AddDays(1);
            var figures = CaseFigures.ForFolded(cases.Select(@case => @case.At(to)), from, to);
            daily.Add(new DailyPerformance(DateOnly.FromDateTime(from.DateTime), figures.Due, figures.Closed, figures.ClosedOnTime, figures.ClosingRate, figures.OnTimeClosingRate));
        }

        var now = cases.Select(@case => @case.At(asAt)).ToList();
        (string Name, DateTimeOffset From)[] periods =
        [
            ("today", today),
            ("last-7-days", asAt.AddDays(-7)),
            ("last-30-days", asAt.AddDays(-30)),
            ("this-month", new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, utcOffset)),
            ("all-time", DateTimeOffset.MinValue),
        ];
        var overdue = cases.Select(@case => @case.OverdueAt(asAt)).OfType<OverdueCase>().ToList();
        var states = now.Select(@case => @case.State).OfType<Case>().ToList();
        return new CityOverview(
            asAt,
            utcOffset,
            states.Count,
            states.Count(state => state.IsOpen),
            overdue.Count,
            [.. states.GroupBy(state => (state.Stage, state.Location.District, state.CategoryCode))
                .Select(group => new StageCount(group.Key.Stage, group.Key.District, group.Key.CategoryCode, group.Count()))
                .OrderBy(count => count.Stage).ThenBy(count => count.District, StringComparer.Ordinal).ThenBy(count => count.CategoryCode, StringComparer.Ordinal)],
            Loads(states, overdue),
            [.. periods.Select(period => new PeriodPerformance(period.Name, period.From, asAt, CaseFigures.ForFolded(now, period.From, asAt)))],
            daily,
            BusiestGridCells(states, asAt.AddDays(-30)),
            [.. overdue.OrderBy(@case => @case.Due).ThenBy(@case => @case.CaseId).Take(OverdueListed)]);
    }

    private static List<DistrictLoad> Loads(List<Case> states, List<OverdueCase> overdue)
    {
        var overdueBy = overdue.CountBy(@case => @case.District).ToDictionary(StringComparer.Ordinal);
        return [.. states.GroupBy(state => state.Location.District, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new DistrictLoad(
                group.Key,
                group.Count(state => state.IsOpen),
                overdueBy.GetValueOrDefault(group.Key),
                group.Count(state => state.Stage == CaseStage.Closed)))];
    }

    private static List<BusyGridCell> BusiestGridCells(List<Case> states, DateTimeOffset since) =>
        [.. states.Where(state => state.ReportedAt >= since)
            .GroupBy(state => state.Location.GridCell, StringComparer.Ordinal)
            .Select(group => new BusyGridCell(group.Key, group.First().Location.District, group.Count()))
            .OrderByDescending(cell => cell.Cases).ThenBy(cell => cell.GridCell, StringComparer.Ordinal)
            .Take(GridCellsListed)];

    /// <summary>
    /// One case's history, folded forward as the overview asks for later instants: each event is applied once while the
    /// history's times run forward (as they do when the clock decides them); otherwise each instant is folded afresh.
    /// </summary>
    private sealed class CaseCursor
    {
        private readonly IReadOnlyList<ICaseEvent> history;
        private readonly CaseActivity activity;
        private readonly bool inTimeOrder;
        private int next;
        private DateTimeOffset? lastInstant;
        private Case? state;
        private DateTimeOffset? lapsedSince;

        public CaseCursor(IReadOnlyList<object> events)
        {
            history = [.. events.OfType<ICaseEvent>()];
            activity = CaseActivity.Of(history);
            inTimeOrder = true;
            for (var i = 1; i < history.Count && inTimeOrder; i++)
            {
                inTimeOrder = history[i].At >= history[i - 1].At;
            }
        }

        public CaseAsAt At(DateTimeOffset instant)
        {
            if (!inTimeOrder || instant < lastInstant)
            {
                (next, state, lapsedSince) = (0, null, null);
            }

            lastInstant = instant;
            for (; next < history.Count; next++)
            {
                var @event = history[next];
                if (@event.At >= instant)
                {
                    if (inTimeOrder)
                    {
                        break;
                    }

                    continue;
                }

                if (@event is CaseOverdue overdue && state?.ChaseBy is null)
                {
                    lapsedSince = overdue.Due;
                }

                state = Case.Evolve(state, @event);
            }

            if (!inTimeOrder)
            {
                next = 0;
            }

            return new CaseAsAt(state, activity);
        }

        /// <summary>The case as overdue at <paramref name="instant"/>: open, and past its current limit or still chased for a lapsed one.</summary>
        public OverdueCase? OverdueAt(DateTimeOffset instant)
        {
            var current = At(instant).State;
            if (current is not { IsOpen: true, CurrentDeadline: { } deadline } || (deadline.Due >= instant && current.ChaseBy is null))
            {
                return null;
            }

            var due = current.ChaseBy is not null && lapsedSince is { } lapsed ? lapsed : deadline.Due;
            return new OverdueCase(current.Id, current.CategoryCode, current.Location.District, current.Stage, deadline.Kind, due, current.Supervision);
        }
    }
}
