using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// Every command endpoint the OpenAPI document lists, on real streams, gets bodies built from its own request schema with
/// one place at a time made hostile: JSON null, the wrong JSON type, a null element in a list, and whole bodies that are
/// not a command at all. Not one answer may be a 500, every refusal is a problem with a code, and no refusal appends.
/// </summary>
[Collection(ApiCollection.Name)]
public class HostileInputEverywhere(ApiFixture fixture)
{
    private static readonly string[] WholeBodies = ["null", "[]", "\"command\"", "42", "true", "{}", "{", "{\"version\": 1,}", new string('[', 5000) + new string(']', 5000)];

    [Fact]
    public async Task no_command_endpoint_answers_500_to_a_hostile_body_and_no_refusal_appends()
    {
        var (streets, token) = await RealStreams();
        using var document = JsonDocument.Parse(await fixture.Host.GetAsText("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var commands = CommandEndpoints(document.RootElement).ToList();
        commands.Count.ShouldBeGreaterThan(20);

        var failures = new List<string>();
        var sent = 0;
        foreach (var (template, requestSchema) in commands)
        {
            var url = streets.Aggregate(template, (path, street) => path.Replace(street.Key, street.Value, StringComparison.Ordinal));
            var skeleton = Skeleton(requestSchema, schemas, depth: 0);
            foreach (var body in WholeBodies.Concat(Hostile(skeleton)))
            {
                sent++;
                if (await Refusal(url, body, token) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        failures.ShouldBeEmpty();
        sent.ShouldBeGreaterThan(700);
    }

    /// <summary>An agency with a seal key, a matter, an application and a certificate, and a token that may call every command.</summary>
    private async Task<(Dictionary<string, string> Streets, string Token)> RealStreams()
    {
        var city = await new City(fixture).WithPortal();
        var market = await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");
        var seal = await city.RegisterSealKey(market);
        var matter = await city.PublishMatter("企业设立登记", market, [], certificateType: "YYZZ");
        var application = await city.Submit(matter, ("申请书", Requests.Sha256Of("申请书")));
        var certificate = await city.Send(HttpMethod.Post, "/api/certificates",
            City.Sealed(City.CertificateFor("YYZZ", market, "上海生煎餐饮有限公司", City.NewEnterpriseCode()), seal), city.OfficerOf(market), 201);
        var streets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/api/applications/{id}"] = "/api/applications/" + application.GetProperty("id").GetString(),
            ["/api/certificates/{id}"] = "/api/certificates/" + certificate.GetProperty("id").GetString(),
            ["{creditCode}"] = market,
            ["{keyId}"] = "seal-2026",
            ["{code}"] = matter,
            ["{consentId}"] = Guid.NewGuid().ToString(),
        };
        var everyRole = fixture.TokenFor(new Actor(market, "officer.fuzz"), Roles.Admin, Roles.Officer, Roles.Portal, Roles.Auditor, Roles.PrivacyOfficer);
        return (streets, everyRole);
    }

    private static IEnumerable<(string Template, JsonElement Schema)> CommandEndpoints(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (path.Value.TryGetProperty("post", out var post)
                && post.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                yield return (path.Name, json.GetProperty("schema"));
            }
        }
    }

    private async Task<string?> Refusal(string url, string body, string token)
    {
        var before = await fixture.Store.EventCount();
        var result = await fixture.Host.Scenario(scenario =>
        {
            scenario.Post.Text(body).ToUrl(url);
            scenario.WithRequestHeader("Content-Type", "application/json");
            scenario.WithRequestHeader("Authorization", "Bearer " + token);
            scenario.IgnoreStatusCode();
        });
        var status = result.Context.Response.StatusCode;
        var shown = body.Length > 200 ? body[..200] + "…" : body;
        if (status >= 500)
        {
            return $"{status} from POST {url} {shown}";
        }

        if (status < 400)
        {
            return null;
        }

        var code = ProblemCode(result.ReadAsText());
        if (code is null)
        {
            return $"{status} without a problem code from POST {url} {shown}";
        }

        if (status == 400 && code is not ("malformed-request" or "validation-failed" or "unknown-field"))
        {
            return $"400 {code} from POST {url} {shown}";
        }

        return await fixture.Store.EventCount() == before ? null : $"{status} {code} appended events: POST {url} {shown}";
    }

    private static string? ProblemCode(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A body of the request's shape: every property present, every list with one element, every value plain.</summary>
    private static JsonNode? Skeleton(JsonElement schema, JsonElement schemas, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Skeleton(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, depth + 1);
        }

        foreach (var union in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(union, out var choices))
            {
                var choice = choices.EnumerateArray().FirstOrDefault(candidate => !IsNullType(candidate));
                return choice.ValueKind == JsonValueKind.Undefined ? null : Skeleton(choice, schemas, depth + 1);
            }
        }

        return TypeOf(schema) switch
        {
            "object" when schema.TryGetProperty("properties", out var properties) =>
                new JsonObject(properties.EnumerateObject().Select(property => KeyValuePair.Create(property.Name, Skeleton(property.Value, schemas, depth + 1)))),
            "object" when schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object =>
                new JsonObject { ["field"] = Skeleton(values, schemas, depth + 1) },
            "object" => new JsonObject(),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Skeleton(items, schemas, depth + 1) : JsonValue.Create("x")),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "string" => JsonValue.Create(PlainString(schema)),
            _ => JsonValue.Create("x"),
        };
    }

    private static bool IsNullType(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && string.Equals(type.GetString(), "null", StringComparison.Ordinal);

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(element => element.GetString()).FirstOrDefault(name => !string.Equals(name, "null", StringComparison.Ordinal))
            : type.GetString();
    }

    private static string PlainString(JsonElement schema) =>
        (schema.TryGetProperty("format", out var format) ? format.GetString() : null) switch
        {
            "date-time" => "2026-06-01T08:00:00+08:00",
            "date" => "2026-06-01",
            "uuid" => Guid.NewGuid().ToString(),
            _ => "x",
        };

    /// <summary>The skeleton with one place made hostile, for every place in it.</summary>
    private static IEnumerable<string> Hostile(JsonNode? skeleton)
    {
        foreach (var path in Places(skeleton, []))
        {
            var current = Find(skeleton, path);
            foreach (var replacement in Replacements(current))
            {
                var copy = skeleton?.DeepClone();
                yield return path.Count == 0 ? Serialise(replacement) : Serialise(Replace(copy, path, replacement));
            }
        }
    }

    private static IEnumerable<JsonNode?> Replacements(JsonNode? value) => value switch
    {
        JsonObject => [null, JsonValue.Create("x"), new JsonArray()],
        JsonArray => [null, new JsonArray((JsonNode?)null), new JsonObject { ["x"] = 1 }, JsonValue.Create(7)],
        JsonValue number when number.GetValueKind() == JsonValueKind.Number => [null, JsonValue.Create("seven"), JsonValue.Create(1e300), new JsonObject()],
        JsonValue => [null, JsonValue.Create(7), new JsonArray(), JsonValue.Create(true)],
        _ => [JsonValue.Create(7), new JsonObject()],
    };

    private static IEnumerable<List<object>> Places(JsonNode? node, List<object> path)
    {
        yield return path;
        switch (node)
        {
            case JsonObject value:
                foreach (var property in value)
                {
                    foreach (var inner in Places(property.Value, [.. path, property.Key]))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray list:
                for (var index = 0; index < list.Count; index++)
                {
                    foreach (var inner in Places(list[index], [.. path, index]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode? node, List<object> path) =>
        path.Aggregate(node, (current, step) => step is string name ? current![name] : current![(int)step]);

    private static JsonNode? Replace(JsonNode? root, List<object> path, JsonNode? replacement)
    {
        var parent = Find(root, path[..^1])!;
        switch (path[^1])
        {
            case string name:
                parent[name] = replacement;
                break;
            case int index:
                parent[index] = replacement;
                break;
        }

        return root;
    }

    private static string Serialise(JsonNode? node) => node?.ToJsonString() ?? "null";
}
