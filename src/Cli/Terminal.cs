namespace Ledger.Cli;

/// <summary>A mistake in how the command was called that only running it reveals: exit code 2, with the usage.</summary>
internal sealed class UsageError(string message) : Exception(message);

/// <summary>Where a command reads and writes: the process's console, or a test's buffers.</summary>
internal sealed record Terminal(TextReader In, TextWriter Out, TextWriter Error)
{
    public static Terminal Console => new(System.Console.In, System.Console.Out, System.Console.Error);
}
