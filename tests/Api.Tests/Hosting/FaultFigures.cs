using System.Globalization;
using System.Text;
using Ledger.Testing;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// The figures a crash test measured, written to the test's output and to TestResults/faults.md (a section per test,
/// replaced on each run), so they can be quoted.
/// </summary>
public static class FaultFigures
{
    private const string Heading = "# Faults under load\n\nMeasured by tests/Api.Tests/Hosting/CrashUnderLoad.cs on its last run.\n";
    private static readonly SemaphoreSlim Writing = new(1, 1);

    public static string File { get; } = Repository.PathTo("TestResults/faults.md");

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static async Task WriteAsync(ITestOutputHelper output, string title, IReadOnlyList<(string Figure, object Value)> figures)
    {
        var section = new StringBuilder($"## {title}\n\n_{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC_\n\n| Figure | Value |\n|---|---|\n");
        foreach (var (figure, value) in figures)
        {
            section.Append(CultureInfo.InvariantCulture, $"| {figure} | {value} |\n");
            output.WriteLine($"{figure}: {value}");
        }

        await Writing.WaitAsync();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            var sections = System.IO.File.Exists(File)
                ? (await System.IO.File.ReadAllTextAsync(File)).Split("\n## ").Skip(1).Select(text => "## " + text.TrimEnd() + "\n").ToList()
                : [];
            sections.RemoveAll(existing => existing.StartsWith($"## {title}\n", StringComparison.Ordinal));
            sections.Add(section.ToString());
            await System.IO.File.WriteAllTextAsync(File, Heading + "\n" + string.Join("\n", sections.OrderBy(text => text, StringComparer.Ordinal)));
        }
        finally
        {
            Writing.Release();
        }
    }
}
