namespace Ledger.Integrity.Hosting;

/// <summary>How long a background round waits after failing <c>failures</c> times in a row: doubling from half a second, capped.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 16))));
}
