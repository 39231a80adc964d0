using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Hosting;

/// <summary>One request of the fuzz: the place made hostile (a path into the body, or the whole body) and what was put there.</summary>
public sealed record HostileRequest(string Place, Hostility Value, IReadOnlyList<object> Path, string ContentType = "application/json", bool Latin1 = false);

/// <summary>
/// Sends hostile requests one at a time over the wire and judges each answer: never 500 or worse, never a dropped connection,
/// every refusal a problem with a stable code, and no refusal appends a business event (the count of the store's business
/// events is read before and after every request).
/// </summary>
public sealed class HostileRequests(KestrelApiFixture api)
{
    private const string Marker = "HOSTILE-PLACE-7f3a9c";

    private readonly List<string> failures = [];
    private long? count;
    private long? version;

    public int Sent { get; private set; }

    public int Accepted { get; private set; }

    public SortedDictionary<int, int> Statuses { get; } = [];

    public IReadOnlyList<string> Failures => failures;

    private string LastAnswer { get; set; } = "";

    /// <summary>The whole bodies sent to every endpoint: not a command at all, broken JSON, nesting past any limit, bytes that are not UTF-8.</summary>
    public static IEnumerable<HostileRequest> WholeBodies()
    {
        string[] bodies = ["null", "[]", "\"command\"", "42", "true", "{}", "{", "}", "{\"version\": 1,}", "{\"version\" 1}", "\ufeff{}", "", " ", "{\"a\":1}{\"b\":2}",
            new string('[', 5000) + new string(']', 5000), string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)];
        foreach (var body in bodies)
        {
            yield return new("the whole body", new Hostility(body.Length > 40 ? body[..40] + "…" : body, body), []);
        }

        yield return new("the whole body", new Hostility("bytes that are not UTF-8", "\u00ff\u00fe{\"version\":\u00c3\u0028}"), [], Latin1: true);
        yield return new("the content type", new Hostility("text/plain", "{}"), [], "text/plain");
        yield return new("the content type", new Hostility("a form", "version=1"), [], "application/x-www-form-urlencoded");
        yield return new("the content type", new Hostility("an unknown charset", "{}"), [], "application/json; charset=utf-42");
    }

    /// <summary>Every place in <paramref name="body"/> (the body itself, each property, each list element) with its path.</summary>
    public static IEnumerable<(string Place, IReadOnlyList<object> Path, JsonNode? Valid)> Places(JsonNode? body, IReadOnlyList<object> path)
    {
        yield return (path.Count == 0 ? "the body" : string.Join('.', path), path, body);
        var children = body switch
        {
            JsonObject value => value.Select(property => ((object)property.Key, property.Value)).ToList(),
            JsonArray list => list.Select((element, index) => ((object)index, element)).ToList(),
            _ => [],
        };
        foreach (var (step, child) in children)
        {
            foreach (var inner in Places(child, [.. path, step]))
            {
                yield return inner;
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> to the endpoint's target, with the stream's current version in a valid body and one place made hostile.</summary>
    public async Task Send(CommandEndpoint endpoint, Target target, HostileRequest request, bool hostile = true)
    {
        var body = target.Body();
        if (target.Stream is { } stream && body.ContainsKey("version"))
        {
            version ??= await api.StreamVersion(stream);
            body["version"] = version;
        }

        var text = hostile ? WithHostilePlace(body, request.Path, request.Value.Json) : body.ToJsonString();
        var bytes = request.Latin1 ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        await Judged(endpoint, target.Url, request, () => api.PostBytes(target.Url, bytes, request.ContentType, endpoint.Token));
    }

    /// <summary>Sends the valid body as it is: it must be accepted, or the catalogue of valid bodies is wrong and the hostile ones prove little.</summary>
    public async Task<bool> SendValid(CommandEndpoint endpoint, Target target)
    {
        var accepted = Accepted;
        var refusals = failures.Count;
        await Send(endpoint, target, new HostileRequest("nothing", new Hostility("the valid body", ""), []), hostile: false);
        if (Accepted == accepted)
        {
            failures.Insert(refusals, $"the valid body was refused: {Shortened(LastAnswer, 300)} by POST {target.Url} ({endpoint.Path})");
        }

        return Accepted > accepted;
    }

    /// <summary>Sends a form post (Open311) and judges it as any other request.</summary>
    public Task SendForm(CommandEndpoint endpoint, string url, HostileRequest request, string form) =>
        Judged(endpoint, url, request, () => api.PostBytes(url, Encoding.ASCII.GetBytes(form), request.ContentType, endpoint.Token));

    /// <summary>After setup work (which appends) or on a fresh record, the next request reads the count and the version afresh.</summary>
    public void Forget() => (count, version) = (null, null);

    private async Task Judged(CommandEndpoint endpoint, string url, HostileRequest request, Func<Task<(int Status, string Text)>> send)
    {
        var before = count ?? await api.Store.EventCount();
        Sent++;
        int status;
        string text;
        try
        {
            (status, text) = await send();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            failures.Add($"no answer ({exception.GetType().Name}: {exception.Message}) from {Described(endpoint, url, request)}");
            count = null;
            return;
        }

        Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        LastAnswer = $"{status} {text}";
        var after = await api.Store.EventCount();
        count = after;
        if (status is >= 200 and < 300)
        {
            Accepted++;
            version = null;
            return;
        }

        if (Refusal(url, status, text) is { } wrong)
        {
            failures.Add($"{wrong} from {Described(endpoint, url, request)}");
        }

        if (after != before)
        {
            failures.Add($"{status} appended {after - before} event(s): {await api.LatestEventTypes((int)(after - before))} from {Described(endpoint, url, request)}");
        }
    }

    /// <summary>What is wrong with a refusal, or null: status 500 or more, or a body that is not a problem (an Open311 error list on /open311) with a code.</summary>
    public static string? Refusal(string url, int status, string text)
    {
        if (status >= 500)
        {
            return $"{status} {Shortened(text, 300)}";
        }

        if (status < 400)
        {
            return $"{status} is neither accepted nor refused";
        }

        try
        {
            using var answer = JsonDocument.Parse(text);
            var root = answer.RootElement;
            if (url.StartsWith("/open311/", StringComparison.Ordinal) && root.ValueKind == JsonValueKind.Array)
            {
                return root.EnumerateArray().All(error => error.GetProperty("code").GetInt32() == status && error.GetProperty("description").GetString() is { Length: > 0 })
                    ? null : $"{status} with an Open311 error list that does not say {status} and why: {Shortened(text, 300)}";
            }

            return (root.TryGetProperty("code", out var code) ? code.GetString() : null, root.TryGetProperty("status", out var said) ? said.GetInt32() : 0) switch
            {
                (null or "", _) => $"{status} without a problem code: {Shortened(text, 300)}",
                (_, var other) when other != status => $"{status} with a problem that says status {other}",
                ("malformed-request" or "validation-failed" or "unknown-field", _) => null,
                ("malformed-document", _) when url.Equals("/api/verify/certificate", StringComparison.Ordinal) => null,
                (var other, _) when status == 400 => $"400 with the code {other}, not malformed-request, validation-failed or unknown-field",
                _ => null,
            };
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return $"{status} with a body that is not a problem: {Shortened(text, 300)}";
        }
    }

    private static string WithHostilePlace(JsonObject body, IReadOnlyList<object> path, string hostile)
    {
        if (path.Count == 0)
        {
            return hostile;
        }

        var parent = path.Take(path.Count - 1).Aggregate((JsonNode)body, (node, step) => step is string name ? node[name]! : node[(int)step]!);
        switch (path[^1])
        {
            case string name:
                parent[name] = Marker;
                break;
            case int index:
                parent[index] = Marker;
                break;
        }

        return body.ToJsonString().Replace("\"" + Marker + "\"", hostile, StringComparison.Ordinal);
    }

    private static string Described(CommandEndpoint endpoint, string url, HostileRequest request) =>
        $"POST {url} ({endpoint.Path}): {request.Place} as {request.Value.Name} [{Shortened(request.Value.Json, 120)}]";

    private static string Shortened(string text, int length) => text.Length > length ? text[..length] + "…" : text;
}
