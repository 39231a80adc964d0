using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// Every command endpoint, on real records in the stage the command needs and with the token of the caller whose turn it
/// is, gets a valid body with one place at a time made hostile (every place, every hostile value that fits it, and values
/// drawn from a seeded generator on top), and whole bodies that are not a command at all: at least ten thousand requests
/// over a real socket. Not one answer may be 500 or worse or a dropped connection, every refusal is a problem with a code,
/// and no refusal appends an event. The seed is written to the test output; LEDGER_FUZZ_SEED=n repeats a run.
/// </summary>
public class HostileInputEverywhere(KestrelApiFixture api, ITestOutputHelper output) : IClassFixture<KestrelApiFixture>
{
    private const int AtLeast = 10_000;

    private const int AtLeastDrawn = 1_500;

    private const string Open311Path = "/open311/v2/requests.json";

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20_260_613;

    [Fact]
    public async Task ten_thousand_hostile_requests_get_no_500_and_no_dropped_connection_and_no_refusal_appends()
    {
        var random = new Random(Seed);
        var targets = await new CommandTargets(api).Built();
        var fuzz = new HostileRequests(api);
        var clock = Stopwatch.StartNew();

        var plans = await Plans(targets.Endpoints(), random);
        foreach (var (endpoint, plan) in plans)
        {
            await Sent(endpoint, plan, fuzz);
        }

        await Open311Sent(targets, fuzz);

        output.WriteLine($"seed {Seed}: {fuzz.Sent} requests to {plans.Count + 1} endpoints in {clock.Elapsed.TotalSeconds:F0} s, {fuzz.Accepted} accepted; "
            + string.Join(", ", fuzz.Statuses.Select(status => $"{status.Value} × {status.Key}")));
        await File.WriteAllLinesAsync(Path.Combine(Ledger.Testing.Repository.Root, "TestResults", "hostile-input-failures.txt"), [$"seed {Seed}", .. fuzz.Failures]);
        fuzz.Failures.ShouldBeEmpty($"seed {Seed}: {fuzz.Failures.Count} of {fuzz.Sent} requests failed:\n" + string.Join('\n', fuzz.Failures.Take(60)));
        fuzz.Sent.ShouldBeGreaterThanOrEqualTo(AtLeast);
    }

    /// <summary>
    /// For each endpoint: every place of its valid body with every hostile value that fits it, and the whole bodies; then
    /// values drawn from <paramref name="random"/> at random places of random endpoints until there are enough requests.
    /// </summary>
    private static async Task<List<(CommandEndpoint Endpoint, List<HostileRequest> Plan)>> Plans(IEnumerable<CommandEndpoint> endpoints, Random random)
    {
        var plans = new List<(CommandEndpoint Endpoint, List<HostileRequest> Plan)>();
        var places = new List<List<(string Place, IReadOnlyList<object> Path, JsonNode? Valid)>>();
        foreach (var endpoint in endpoints)
        {
            var body = (await endpoint.Prepare()).Body();
            var bodyPlaces = HostileRequests.Places(body, []).ToList();
            var plan = bodyPlaces.SelectMany(place => HostileValues.For(place.Valid).Select(value => new HostileRequest(place.Place, value, place.Path)))
                .Concat(HostileRequests.WholeBodies()).ToList();
            plans.Add((endpoint, plan));
            places.Add(bodyPlaces);
        }

        var planned = plans.Sum(plan => plan.Plan.Count) + Open311Requests().Count();
        for (var drawn = 0; drawn < AtLeastDrawn || planned + drawn < AtLeast; drawn++)
        {
            var which = random.Next(plans.Count);
            var (place, path, valid) = places[which][random.Next(1, places[which].Count)];
            var value = valid?.GetValueKind() == JsonValueKind.Number ? HostileValues.DrawnNumber(random) : HostileValues.Drawn(random);
            plans[which].Plan.Add(new HostileRequest(place, value, path));
        }

        return [.. plans.Select(plan => (plan.Endpoint, plan.Plan.OrderBy(_ => random.Next()).ToList()))];
    }

    /// <summary>The valid body first (it must be accepted, or the hostile ones prove little), then the plan; a fresh record after each accepted request.</summary>
    private static async Task Sent(CommandEndpoint endpoint, List<HostileRequest> plan, HostileRequests fuzz)
    {
        var target = await endpoint.Prepare();
        fuzz.Forget();
        if (await fuzz.SendValid(endpoint, target))
        {
            target = await endpoint.Prepare();
            fuzz.Forget();
        }

        foreach (var request in plan)
        {
            var accepted = fuzz.Accepted;
            await fuzz.Send(endpoint, target, request);
            if (fuzz.Accepted > accepted)
            {
                target = await endpoint.Prepare();
                fuzz.Forget();
            }
        }
    }

    private async Task Open311Sent(CommandTargets targets, HostileRequests fuzz)
    {
        var endpoint = new CommandEndpoint(Open311Path, null, () => throw new InvalidOperationException("An Open311 post needs no record."));
        var valid = Open311Form(targets);
        await fuzz.SendForm(endpoint, Open311Path, new HostileRequest("nothing", new Hostility("the valid form", ""), []), Encoded(valid));
        foreach (var (request, form) in Open311Requests().Select(request => (request, Hostile(valid, request))))
        {
            await fuzz.SendForm(endpoint, Open311Path, request, form);
        }

        output.WriteLine($"Open311 form posts: key {targets.Open311Key[..6]}…, service {targets.ServiceCode}");
    }

    private static List<KeyValuePair<string, string>> Open311Form(CommandTargets targets) =>
    [
        new("api_key", targets.Open311Key),
        new("service_code", targets.ServiceCode),
        new("description", "人行道上违法停车"),
        new("lat", "31.2400"),
        new("long", "121.4900"),
        new("attribute[district]", "310101"),
        new("attribute[grid_cell]", "310101-002-017"),
        new("attribute[street]", "外滩街道"),
    ];

    /// <summary>Each field of the form left out, given twice, or given a hostile value (raw bytes where the value is raw), and whole forms that are not one.</summary>
    private static IEnumerable<HostileRequest> Open311Requests()
    {
        string[] fields = ["api_key", "service_code", "description", "lat", "long", "attribute[district]", "attribute[grid_cell]", "attribute[street]"];
        var values = HostileValues.For(JsonValue.Create("x")).Concat(HostileValues.For(JsonValue.Create(1))).DistinctBy(value => value.Json, StringComparer.Ordinal)
            .Concat([new("raw bytes not UTF-8", "%FF%FE"), new("a raw encoded surrogate", "%ED%A0%80"), new("a broken escape", "%zz"), new("a lone percent", "%"), new("a raw NUL", "%00")]);
        foreach (var field in fields)
        {
            yield return new HostileRequest(field, new Hostility("left out", ""), [field, "out"], "application/x-www-form-urlencoded");
            yield return new HostileRequest(field, new Hostility("given twice", ""), [field, "twice"], "application/x-www-form-urlencoded");
            foreach (var value in values)
            {
                yield return new HostileRequest(field, value, [field], "application/x-www-form-urlencoded");
            }
        }

        string[] wholes = ["", "&&&==&", "=x", "api_key", string.Join('&', Enumerable.Repeat("x=1", 5000)), new string('k', 100_000) + "=v", "{\"service_code\":\"x\"}"];
        foreach (var whole in wholes)
        {
            yield return new HostileRequest("the whole form", new Hostility(whole.Length > 40 ? whole[..40] + "…" : whole, whole), [], "application/x-www-form-urlencoded");
        }

        yield return new HostileRequest("the content type", new Hostility("JSON", "{}"), [], "application/json");
    }

    private static string Hostile(List<KeyValuePair<string, string>> valid, HostileRequest request)
    {
        if (request.Path.Count == 0)
        {
            return request.Value.Json;
        }

        var field = (string)request.Path[0];
        var changed = request.Path.Count > 1 && string.Equals((string)request.Path[1], "twice", StringComparison.Ordinal)
            ? Encoded(valid) + "&" + Escaped(field) + "=" + Escaped("another")
            : Encoded(valid.Where(pair => !string.Equals(pair.Key, field, StringComparison.Ordinal)));
        if (request.Path.Count > 1)
        {
            return changed;
        }

        var json = request.Value.Json;
        var value = json.StartsWith('"') ? Escaped(Regex.Unescape(json[1..^1])) : json.StartsWith('%') ? json : Escaped(json);
        return changed + "&" + Escaped(field) + "=" + value;
    }

    private static string Encoded(IEnumerable<KeyValuePair<string, string>> form) => string.Join('&', form.Select(pair => Escaped(pair.Key) + "=" + Escaped(pair.Value)));

    /// <summary>Percent-encodes the UTF-8 of <paramref name="text"/> byte by byte (a lone surrogate becomes U+FFFD, as any client would send it).</summary>
    private static string Escaped(string text) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(octet => char.IsAsciiLetterOrDigit((char)octet) || octet is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
            ? ((char)octet).ToString()
            : "%" + octet.ToString("X2", CultureInfo.InvariantCulture)));
}
