using Ledger.Domain.Calendar;

namespace Ledger.Domain.Tests.Calendar;

public class WorkingTime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly WorkingCalendar NationalDay2026 = new(
        Enumerable.Range(1, 7).Select(day => new DateOnly(2026, 10, day)), [new DateOnly(2026, 9, 20), new DateOnly(2026, 10, 10)],
        new TimeOnly(9, 0), new TimeOnly(17, 0), China);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    [Fact]
    public void one_working_day_from_a_friday_afternoon_ends_at_mondays_close() =>
        WorkingCalendar.WeekendsOnly.Deadline(At(11, 27, 15), TimeLimit.Days(1)).ShouldBe(At(11, 30, 17));

    [Fact]
    public void working_hours_stop_at_the_close_and_go_on_at_the_next_opening() =>
        WorkingCalendar.WeekendsOnly.Deadline(At(11, 27, 16), TimeLimit.Hours(3)).ShouldBe(At(11, 30, 11));

    [Fact]
    public void working_hours_asked_for_before_opening_start_at_the_opening() =>
        WorkingCalendar.WeekendsOnly.Deadline(At(11, 30, 7), TimeLimit.Hours(2)).ShouldBe(At(11, 30, 11));

    [Fact]
    public void a_holiday_is_not_a_working_day_and_a_make_up_weekend_day_is()
    {
        NationalDay2026.IsWorkingDay(new DateOnly(2026, 10, 5)).ShouldBeFalse();
        NationalDay2026.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue();
        NationalDay2026.IsWorkingDay(new DateOnly(2026, 10, 11)).ShouldBeFalse();
        NationalDay2026.IsWorkingDay(new DateOnly(2026, 9, 20)).ShouldBeTrue();
    }

    [Fact]
    public void working_days_pass_over_a_holiday_week() =>
        NationalDay2026.Deadline(At(9, 30, 10), TimeLimit.Days(2)).ShouldBe(At(10, 9, 17));

    [Fact]
    public void the_working_time_between_two_instants_counts_only_working_hours()
    {
        WorkingCalendar.WeekendsOnly.WorkingTimeBetween(At(11, 27, 16), At(11, 30, 10)).ShouldBe(TimeSpan.FromHours(2));
        WorkingCalendar.WeekendsOnly.WorkingTimeBetween(At(11, 28, 10), At(11, 29, 10)).ShouldBe(TimeSpan.Zero);
        WorkingCalendar.WeekendsOnly.WorkingTimeBetween(At(11, 30, 10), At(11, 27, 10)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void moving_on_by_the_working_time_between_two_working_instants_lands_on_the_second()
    {
        var from = At(9, 29, 14, 30);
        var to = At(10, 12, 10, 15);

        NationalDay2026.AddWorkingTime(from, NationalDay2026.WorkingTimeBetween(from, to)).ShouldBe(to);
    }

    [Fact]
    public void instants_in_another_offset_are_read_in_the_calendars_own() =>
        WorkingCalendar.WeekendsOnly.Deadline(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero), TimeLimit.Hours(1)).ShouldBe(At(11, 27, 16));

    [Fact]
    public void a_day_cannot_be_both_a_holiday_and_a_make_up_working_day() =>
        Should.Throw<ArgumentException>(() => new WorkingCalendar([new DateOnly(2026, 10, 10)], [new DateOnly(2026, 10, 10)], new TimeOnly(9, 0), new TimeOnly(17, 0), China));

    [Fact]
    public void a_limit_is_at_least_one_unit() =>
        Should.Throw<ArgumentOutOfRangeException>(() => WorkingCalendar.WeekendsOnly.Deadline(At(11, 30, 9), TimeLimit.Days(0)));
}
