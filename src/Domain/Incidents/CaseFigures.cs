namespace Ledger.Domain.Incidents;

/// <summary>How cases fared over a period (综合评价). A rate is null when nothing was there to divide by.</summary>
/// <param name="Due">应结案: registered cases whose handling deadline fell in the period, or that were closed in it before their deadline.</param>
/// <param name="Closed">Of the cases due, those closed by the period's end.</param>
/// <param name="ClosedOnTime">Of the cases closed, those whose last handling was reported by the handling deadline then in force.</param>
/// <param name="Dispatches">Dispatches made in the period.</param>
/// <param name="Returns">Returns made in the period.</param>
/// <param name="Extended">Of the cases due, those given at least one extension.</param>
/// <param name="Callbacks">Callbacks made in the period.</param>
/// <param name="Satisfied">Of the callbacks, those satisfied or basically satisfied.</param>
/// <param name="MeanTimeToClose">Over the cases closed: elapsed (not working) time from registration to the last closing.</param>
/// <param name="P90TimeToClose">The time to close that nine in ten of the cases closed did not exceed (nearest rank).</param>
public sealed record CasePerformance(
    int Due, int Closed, int ClosedOnTime, int Dispatches, int Returns, int Extended, int Callbacks, int Satisfied, TimeSpan? MeanTimeToClose, TimeSpan? P90TimeToClose)
{
    /// <summary>结案率: closed ÷ due.</summary>
    public double? ClosingRate => Rate(Closed, Due);

    /// <summary>按期结案率: closed on time ÷ due.</summary>
    public double? OnTimeClosingRate => Rate(ClosedOnTime, Due);

    public double? ReturnRate => Rate(Returns, Dispatches);

    public double? ExtensionRate => Rate(Extended, Due);

    public double? SatisfactionRate => Rate(Satisfied, Callbacks);

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>A callback as the figures count it: when, and whether the citizen was satisfied or basically satisfied.</summary>
public sealed record CaseCallback(DateTimeOffset CalledAt, bool Satisfied);

/// <summary>What a case's history holds that the figures count by time rather than by state: dispatches, returns, callbacks, and the first extension.</summary>
public sealed record CaseActivity(
    IReadOnlyList<DateTimeOffset> Dispatches, IReadOnlyList<DateTimeOffset> Returns, IReadOnlyList<CaseCallback> Callbacks, DateTimeOffset? FirstExtension)
{
    public static CaseActivity None { get; } = new([], [], [], null);

    public static CaseActivity Of(IEnumerable<object> history)
    {
        List<DateTimeOffset>? dispatches = null, returns = null;
        List<CaseCallback>? callbacks = null;
        DateTimeOffset? firstExtension = null;
        foreach (var @event in history)
        {
            switch (@event)
            {
                case CaseDispatched dispatched: (dispatches ??= []).Add(dispatched.At); break;
                case CaseReturned returned: (returns ??= []).Add(returned.At); break;
                case CallbackRecorded callback:
                    (callbacks ??= []).Add(new CaseCallback(callback.At, callback.Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied));
                    break;
                case ExtensionApproved approved when firstExtension is null || approved.At < firstExtension:
                    firstExtension = approved.At;
                    break;
            }
        }

        return dispatches is null && returns is null && callbacks is null && firstExtension is null
            ? None
            : new CaseActivity(dispatches ?? [], returns ?? [], callbacks ?? [], firstExtension);
    }
}

/// <summary>A case folded once for the figures: its state as it stood at some instant, and its activity over all time.</summary>
public readonly record struct CaseAsAt(Case? State, CaseActivity Activity)
{
    /// <summary>The history's events before <paramref name="to"/>, folded.</summary>
    public static CaseAsAt Of(IReadOnlyList<object> history, DateTimeOffset to)
    {
        var known = history.OfType<ICaseEvent>().Where(@event => @event.At < to).ToList();
        return new CaseAsAt(known.Aggregate((Case?)null, (state, @event) => Case.Evolve(state, @event)), CaseActivity.Of(known));
    }
}

public static class CaseFigures
{
    /// <summary>
    /// The figures over [<paramref name="from"/>, <paramref name="to"/>) of these case histories (each one case's events in
    /// stream order), each taken as it stood at <paramref name="to"/>. A case on hold is not due: its clock is stopped.
    /// </summary>
    public static CasePerformance For(IEnumerable<IReadOnlyList<object>> histories, DateTimeOffset from, DateTimeOffset to) =>
        ForFolded(histories.Select(history => CaseAsAt.Of(history, to)), from, to);

    /// <summary>
    /// The same figures from cases already folded: each state as it stood at <paramref name="to"/>; activity at or after
    /// <paramref name="to"/> is not counted, so it may cover all time.
    /// </summary>
    public static CasePerformance ForFolded(IEnumerable<CaseAsAt> cases, DateTimeOffset from, DateTimeOffset to)
    {
        bool InPeriod(DateTimeOffset at) => at >= from && at < to;

        var dueCases = new List<(Case State, bool Extended)>();
        int dispatches = 0, returns = 0, callbacks = 0, satisfied = 0;
        foreach (var (state, activity) in cases)
        {
            dispatches += Count(activity.Dispatches, InPeriod);
            returns += Count(activity.Returns, InPeriod);
            foreach (var callback in activity.Callbacks)
            {
                if (InPeriod(callback.CalledAt))
                {
                    callbacks++;
                    satisfied += callback.Satisfied ? 1 : 0;
                }
            }

            if (state is not null && DueAt(state) is { } dueAt && InPeriod(dueAt))
            {
                dueCases.Add((state, activity.FirstExtension < to));
            }
        }

        var closed = dueCases.Select(due => due.State).Where(state => state.Stage == CaseStage.Closed).ToList();
        var timesToClose = closed.Select(state => state.ClosedAt!.Value - state.RegisteredAt!.Value).Order().ToList();
        return new CasePerformance(
            dueCases.Count,
            closed.Count,
            closed.Count(state => state.HandledAt <= state.HandleBy),
            dispatches,
            returns,
            dueCases.Count(due => due.Extended),
            callbacks,
            satisfied,
            timesToClose.Count == 0 ? null : TimeSpan.FromTicks((long)timesToClose.Average(time => time.Ticks)),
            timesToClose.Count == 0 ? null : timesToClose[(int)Math.Ceiling(0.9 * timesToClose.Count) - 1]);
    }

    private static int Count(IReadOnlyList<DateTimeOffset> times, Func<DateTimeOffset, bool> inPeriod)
    {
        var count = 0;
        for (var i = 0; i < times.Count; i++)
        {
            count += inPeriod(times[i]) ? 1 : 0;
        }

        return count;
    }

    /// <summary>When a case counts as due: its handling deadline, or its closing if that came first.</summary>
    private static DateTimeOffset? DueAt(Case state) => state switch
    {
        { RegisteredAt: null } or { Stage: CaseStage.OnHold } => null,
        { Stage: CaseStage.Closed, ClosedAt: { } closedAt, HandleBy: { } handleBy } => closedAt < handleBy ? closedAt : handleBy,
        _ => state.HandleBy,
    };
}
