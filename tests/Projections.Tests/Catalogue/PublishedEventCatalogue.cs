using System.Text.Json;
using Ledger.Domain;
using Ledger.Testing;
using Marten;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Ledger.Projections.Tests.Catalogue;

/// <summary>
/// specs/events/ holds, for every event type, its JSON Schema (named by the event's catalogue name, never its CLR type)
/// and a sample. The schema is generated from the event type with the event store's own JSON settings; the sample is
/// what the store writes for one instance. These tests fail when an event has no schema, when a schema or sample no
/// longer matches the code, or when a sample does not validate against its schema.
/// </summary>
public class PublishedEventCatalogue
{
    private static readonly string Folder = Repository.PathTo("specs/events");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ISerializer StoreSerializer = new StoreOptions().Also(options => LedgerStoreOptions.Configure(options, "Host=unused")).Serializer();

    public static TheoryData<string> EventNames => [.. EventCatalogue.Names.Values.Order(StringComparer.Ordinal)];

    private static Type TypeNamed(string name) => EventCatalogue.Names.Single(pair => string.Equals(pair.Value, name, StringComparison.Ordinal)).Key;

    private static string SchemaOf(string name)
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } },
            SchemaType = SchemaType.JsonSchema,
            GenerateAbstractProperties = true,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
        };
        var schema = JsonSchema.FromType(TypeNamed(name), settings);
        schema.Title = name;
        schema.Description = $"The data of a {name} event, as stored in the event log (camelCase, enums as strings).";
        return CanonicalJson.Normalise(schema.ToJson());
    }

    private static string SampleOf(string name)
    {
        var sample = EventSamples.All.Single(@event => @event.GetType() == TypeNamed(name));
        return JsonSerializer.Serialize(JsonDocument.Parse(StoreSerializer.ToJson(sample)).RootElement, Indented) + "\n";
    }

    private static async Task<string> Published(string file, string current)
    {
        var path = Path.Combine(Folder, file);
        if (Repository.UpdatingSpecs)
        {
            Directory.CreateDirectory(Folder);
            await File.WriteAllTextAsync(path, current);
        }

        File.Exists(path).ShouldBeTrue($"specs/events/{file} is missing: run LEDGER_UPDATE_SPECS=1 ./test.sh to write it");
        return await File.ReadAllTextAsync(path);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public async Task every_event_has_a_published_schema_that_matches_its_type(string name) =>
        CanonicalJson.Normalise(await Published($"{name}.schema.json", SchemaOf(name))).ShouldBe(SchemaOf(name));

    [Theory]
    [MemberData(nameof(EventNames))]
    public async Task every_event_has_a_sample_that_its_schema_accepts(string name)
    {
        var sample = await Published($"{name}.sample.json", SampleOf(name));
        var schema = await JsonSchema.FromJsonAsync(await Published($"{name}.schema.json", SchemaOf(name)));

        schema.Validate(sample).ShouldBeEmpty();
        sample.ShouldBe(SampleOf(name), "the sample no longer matches what the store writes: run LEDGER_UPDATE_SPECS=1 ./test.sh");
    }

    [Fact]
    public void every_event_type_has_a_sample() =>
        EventCatalogue.Names.Keys.Except(EventSamples.All.Select(@event => @event.GetType())).ShouldBeEmpty();

    [Fact]
    public void nothing_in_the_catalogue_folder_is_stale()
    {
        var expected = EventCatalogue.Names.Values.SelectMany(name => new[] { $"{name}.schema.json", $"{name}.sample.json" }).Append("README.md");
        Directory.GetFiles(Folder).Select(Path.GetFileName).Except(expected, StringComparer.Ordinal).ShouldBeEmpty();
    }
}

internal static class Configuring
{
    public static T Also<T>(this T subject, Action<T> configure)
    {
        configure(subject);
        return subject;
    }
}
