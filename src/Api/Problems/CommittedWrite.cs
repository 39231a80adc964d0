namespace Ledger.Api.Problems;

/// <summary>
/// Marks a request whose command is committed, so that a failure after the commit (the database dropping while the read
/// model is read back for the answer) is not answered as if nothing had been recorded: a caller told that would send the
/// command again and record it twice.
/// </summary>
public static class CommittedWrite
{
    private static readonly object Key = new();

    /// <param name="location">Where the recorded resource is read, when the command created one.</param>
    public static void Mark(HttpContext context, string? location) => context.Items[Key] = location ?? "";

    public static bool IsMarked(HttpContext context, out string? location)
    {
        var marked = context.Items.TryGetValue(Key, out var value);
        location = value as string is { Length: > 0 } known ? known : null;
        return marked;
    }
}
