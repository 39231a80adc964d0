namespace Ledger.Api.Tests.Hosting;

public class Layout
{
    [Fact]
    public void the_command_line_runs_without_the_api()
    {
        var referenced = typeof(Ledger.Cli.DevelopmentTokens).Assembly.GetReferencedAssemblies().Select(assembly => assembly.Name!).ToList();

        referenced.ShouldContain(name => string.Equals(name, "Ledger.Integrity", StringComparison.Ordinal));
        referenced.ShouldNotContain(name => name.StartsWith("Ledger.Api", StringComparison.Ordinal) || name.StartsWith("Wolverine", StringComparison.Ordinal));
    }
}
