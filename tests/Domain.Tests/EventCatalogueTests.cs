using System.Text.RegularExpressions;

namespace Ledger.Domain.Tests;

public class EventCatalogueTests
{
    private static readonly Regex VersionedName = new("^[a-z][a-z_]*\\.v[0-9]+$", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void every_event_in_the_domain_has_one_versioned_name()
    {
        var events = typeof(EventCatalogue).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsSealed: true, Namespace: not null }
                && type.GetMethod("<Clone>$") is not null
                && type.GetProperty("At")?.PropertyType == typeof(DateTimeOffset))
            .ToList();

        events.ShouldNotBeEmpty();
        events.ShouldAllBe(type => EventCatalogue.Names.ContainsKey(type));
        EventCatalogue.Names.Values.Distinct(StringComparer.Ordinal).Count().ShouldBe(EventCatalogue.Names.Count);
        EventCatalogue.Names.Values.ShouldAllBe(name => VersionedName.IsMatch(name));
    }
}
