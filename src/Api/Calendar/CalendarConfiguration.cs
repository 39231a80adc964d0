using System.Globalization;
using Ledger.Domain.Calendar;

namespace Ledger.Api.Calendar;

/// <summary>
/// The working calendar from configuration (section <c>Calendar</c>): public holidays and make-up working days (调休) as
/// ISO dates, the working hours, and the UTC offset they are kept in. appsettings.json ships the State Council's 2026
/// schedule; a later year is added there, not in code.
/// </summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    public IList<string> Holidays { get; init; } = [];

    public IList<string> MakeUpWorkingDays { get; init; } = [];

    public string Opens { get; init; } = "09:00";

    public string Closes { get; init; } = "17:00";

    public string UtcOffset { get; init; } = "08:00";

    public WorkingCalendar ToCalendar() => new(
        Holidays.Select(day => Date(day, nameof(Holidays))),
        MakeUpWorkingDays.Select(day => Date(day, nameof(MakeUpWorkingDays))),
        Time(Opens, nameof(Opens)),
        Time(Closes, nameof(Closes)),
        TimeSpan.TryParse(UtcOffset, CultureInfo.InvariantCulture, out var offset) && offset.Duration() <= TimeSpan.FromHours(14)
            ? offset
            : throw new InvalidOperationException($"{Section}:{nameof(UtcOffset)} '{UtcOffset}' is not an offset such as 08:00."));

    private static DateOnly Date(string text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidOperationException($"{Section}:{name} holds '{text}', which is not a date such as 2026-10-01.");

    private static TimeOnly Time(string text, string name) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new InvalidOperationException($"{Section}:{name} '{text}' is not a time such as 09:00.");
}

public static class CalendarConfiguration
{
    /// <summary>One <see cref="WorkingCalendar"/> for the host, built (and checked) from configuration at start-up.</summary>
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CalendarOptions.Section).Get<CalendarOptions>() ?? new CalendarOptions();
        services.AddSingleton(options.ToCalendar());
        return services;
    }
}
