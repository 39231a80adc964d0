using System.Globalization;

namespace Ledger.LoadGen;

/// <summary>The figures of one load at one rate. Status -1 is a failed connection, -2 a timeout.</summary>
internal sealed record LoadResult(
    string Name, double Rate, double Seconds, int Sent, int Succeeded, int Late, double AchievedPerSecond,
    double P50, double P90, double P99, double P999, double Max, double Mean, IReadOnlyDictionary<string, int> Statuses)
{
    public int Failed => Sent - Succeeded;

    public static LoadResult From(string name, double rate, double seconds, double elapsed, double[] latencies, int[] statuses, int late)
    {
        var sorted = (double[])latencies.Clone();
        Array.Sort(sorted);
        var succeeded = statuses.Count(status => status is >= 200 and < 300);
        var byStatus = statuses.GroupBy(status => status)
            .ToDictionary(group => group.Key.ToString(CultureInfo.InvariantCulture), group => group.Count(), StringComparer.Ordinal);
        return new LoadResult(name, rate, seconds, statuses.Length, succeeded, late, succeeded / Math.Max(elapsed, 1e-9),
            Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), Percentile(sorted, 0.999),
            sorted.Length == 0 ? 0 : sorted[^1], sorted.Length == 0 ? 0 : sorted.Average(), byStatus);
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)], 3);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Rate:F0}/s offered for {Seconds:F0} s, {AchievedPerSecond:F0}/s succeeded; p50 {P50:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms; {Late} late, {Failed} failed ({string.Join(' ', Statuses.Select(pair => pair.Key + "×" + pair.Value.ToString(CultureInfo.InvariantCulture)))})");
}
