namespace Ledger.Domain.Tests;

public class PureDomain
{
    [Fact]
    public void the_domain_references_no_infrastructure()
    {
        var referenced = typeof(EventCatalogue).Assembly.GetReferencedAssemblies().Select(assembly => assembly.Name!).ToList();

        referenced.ShouldContain(name => string.Equals(name, "Ledger.Canonical", StringComparison.Ordinal));
        referenced.ShouldAllBe(name => string.Equals(name, "Ledger.Canonical", StringComparison.Ordinal)
            || name.StartsWith("System.", StringComparison.Ordinal)
            || string.Equals(name, "netstandard", StringComparison.Ordinal));
    }
}
