namespace Ledger.Testing;

/// <summary>The system clock moved by <see cref="Offset"/>: lets a test act "days ago" against a real host, then come back to now.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
