namespace Ledger.Domain.Calendar;

public enum LimitUnit
{
    WorkingHours,
    WorkingDays,
}

/// <summary>A time limit as the rules state it: so many working hours, or so many working days.</summary>
public sealed record TimeLimit(int Amount, LimitUnit Unit)
{
    public static TimeLimit Hours(int amount) => new(amount, LimitUnit.WorkingHours);

    public static TimeLimit Days(int amount) => new(amount, LimitUnit.WorkingDays);

    public override string ToString() => Unit == LimitUnit.WorkingHours ? $"{Amount} working hour(s)" : $"{Amount} working day(s)";
}

/// <summary>
/// Working time under one local calendar: Monday to Friday are working days, except public holidays; a make-up working
/// day (调休) on a weekend is a working day. Each working day has one span of working hours, in the calendar's fixed UTC
/// offset (China keeps UTC+8 all year).
/// <para>
/// A limit of N working days ends when the working hours of the Nth working day after the start's local date end (work
/// started on a Friday with 1 working day is due on Monday's close). A limit of N working hours ends after N hours counted
/// inside working hours only, starting at once if the start is inside them, else at the next opening.
/// </para>
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> makeUpWorkingDays;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, TimeOnly opens, TimeOnly closes, TimeSpan utcOffset)
    {
        if (closes <= opens)
        {
            throw new ArgumentException("Working hours must close after they open.", nameof(closes));
        }

        this.holidays = [.. holidays];
        this.makeUpWorkingDays = [.. makeUpWorkingDays];
        var both = this.holidays.Intersect(this.makeUpWorkingDays).ToList();
        if (both.Count > 0)
        {
            throw new ArgumentException($"{both[0]:yyyy-MM-dd} cannot be both a holiday and a make-up working day.", nameof(makeUpWorkingDays));
        }

        Opens = opens;
        Closes = closes;
        UtcOffset = utcOffset;
    }

    /// <summary>Weekends only, 09:00 to 17:00 at UTC+8: the calendar of a year with no holidays configured.</summary>
    public static WorkingCalendar WeekendsOnly { get; } = new([], [], new TimeOnly(9, 0), new TimeOnly(17, 0), TimeSpan.FromHours(8));

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }

    public TimeSpan UtcOffset { get; }

    public TimeSpan WorkingDayLength => Closes - Opens;

    public bool IsWorkingDay(DateOnly day) =>
        makeUpWorkingDays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day));

    public DateTimeOffset Deadline(DateTimeOffset start, TimeLimit limit)
    {
        if (limit.Amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A time limit is at least one working hour or day.");
        }

        if (limit.Unit == LimitUnit.WorkingHours)
        {
            return AddWorkingTime(start, TimeSpan.FromHours(limit.Amount));
        }

        var day = LocalDate(start);
        for (var counted = 0; counted < limit.Amount;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return At(day, Closes);
    }

    /// <summary><paramref name="start"/> moved on by <paramref name="workingTime"/>, counting only working hours.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        var now = start.ToOffset(UtcOffset);
        var left = workingTime;
        while (true)
        {
            var day = DateOnly.FromDateTime(now.DateTime);
            if (IsWorkingDay(day))
            {
                var opens = At(day, Opens);
                var closes = At(day, Closes);
                var from = now < opens ? opens : now;
                if (from < closes)
                {
                    if (from + left <= closes)
                    {
                        return from + left;
                    }

                    left -= closes - from;
                }
            }

            now = At(day.AddDays(1), TimeOnly.MinValue);
        }
    }

    /// <summary>The working time between two instants: how far a clock that runs only in working hours moves from one to the other.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var first = LocalDate(from);
        var last = LocalDate(to);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var opens = At(day, Opens);
            var closes = At(day, Closes);
            var start = from > opens ? from : opens;
            var end = to < closes ? to : closes;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(UtcOffset).DateTime);

    private DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), UtcOffset);
}
