namespace Ledger.Cli;

/// <summary>A mistake in how the command was called: exit code 2, with the usage.</summary>
internal sealed class UsageError(string message) : Exception(message);

/// <summary>--name value pairs (a name may repeat) and, at the end, plain arguments.</summary>
internal sealed class Options
{
    private readonly List<(string Name, string Value)> values = [];
    private readonly List<string> arguments = [];

    public IReadOnlyList<string> Arguments => arguments;

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options.arguments.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageError($"{args[i]} needs a value.");
            }

            options.values.Add((args[i][2..], args[i + 1]));
            i++;
        }

        return options;
    }

    public string? Single(string name) => values.LastOrDefault(value => string.Equals(value.Name, name, StringComparison.Ordinal)).Value;

    public string Required(string name) => Single(name) ?? throw new UsageError($"--{name} is required.");

    public List<string> All(string name) => [.. values.Where(value => string.Equals(value.Name, name, StringComparison.Ordinal)).Select(value => value.Value)];

    public long RequiredNumber(string name) =>
        long.TryParse(Required(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageError($"--{name} must be a whole number of 0 or more.");
}

/// <summary>Where a command reads and writes: the process's console, or a test's buffers.</summary>
internal sealed record Terminal(TextReader In, TextWriter Out, TextWriter Error)
{
    public static Terminal Console => new(System.Console.In, System.Console.Out, System.Console.Error);
}
