using System.Security.Cryptography;
using System.Text;
using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Ledger.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// Who may call what, walked in full: every endpoint under /api and /open311 with a token of every role, with no token, and
/// with tokens that must never be taken (expired, issued to last longer than allowed, signed by another key, unsigned,
/// HMAC-signed with our public key).
/// The table of endpoints and roles is specs/authorization.md, written from the endpoints' own metadata.
/// </summary>
[Collection(ApiCollection.Name)]
public class AuthorizationMatrix(ApiFixture fixture)
{
    private static readonly string[] AllRoles =
        [Roles.Admin, Roles.Officer, Roles.Portal, Roles.Auditor, Roles.PrivacyOfficer, Roles.Centre, Roles.Inspector, Roles.Hotline];

    private static readonly Actor Caller = new("11310000MB2F00001C", "matrix.caller");

    private sealed record Route(string Method, string Pattern, bool Public, IReadOnlyList<string> Roles)
    {
        public bool Allows(string role) => Public || Roles.Count == 0 || Roles.Contains(role, StringComparer.Ordinal);

        public string Who => Public ? "anyone" : Roles.Count == 0 ? "any authenticated caller" : string.Join(", ", Roles);

        /// <summary>The route with its parameters filled in: the caller's own agency wherever an agency is named.</summary>
        public string Url(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { Name: "creditCode" or "code" } => Caller.Agency,
            RoutePatternParameterPart { Name: "contentHash" } => new string('0', 64),
            RoutePatternParameterPart { Name: "index" or "position" } => "0",
            RoutePatternParameterPart { Name: "kind" } => "application",
            RoutePatternParameterPart => Guid.NewGuid().ToString(),
            _ => "",
        }))));
    }

    private IReadOnlyList<(Route Route, RoutePattern Pattern)> Routes() =>
        [.. fixture.Host.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/open311/", StringComparison.Ordinal)))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (new Route(
                method,
                endpoint.RoutePattern.RawText!,
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                [.. endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(data => (data.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]),
                endpoint.RoutePattern)))
            .DistinctBy(route => (route.Item1.Method, route.Item1.Pattern))
            .OrderBy(route => route.Item1.Pattern, StringComparer.Ordinal).ThenBy(route => route.Item1.Method, StringComparer.Ordinal)];

    private async Task<int> Call(Route route, RoutePattern pattern, string? token)
    {
        var result = await fixture.Host.Scenario(scenario =>
        {
            var url = route.Url(pattern);
            if (string.Equals(route.Method, "GET", StringComparison.Ordinal))
            {
                scenario.Get.Url(url);
            }
            else
            {
                scenario.Post.Text("{}").ToUrl(url);
                scenario.WithRequestHeader("Content-Type", "application/json");
            }

            if (token is not null)
            {
                scenario.WithRequestHeader("Authorization", "Bearer " + token);
            }

            scenario.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task the_published_table_of_who_may_call_what_is_the_code()
    {
        var table = new StringBuilder()
            .AppendLine("# Who may call what")
            .AppendLine()
            .AppendLine("Written from the endpoints' own metadata by `tests/Api.Tests/Hosting/AuthorizationMatrix.cs`, which also calls every")
            .AppendLine("endpoint with a token of every role and with tokens that must be refused. Roles are the `role` claims of the bearer")
            .AppendLine("token; the deciders then check which agency may act on which record (the lead agency, the dispatched department).")
            .AppendLine()
            .AppendLine("| method | path | who |")
            .AppendLine("|---|---|---|");
        foreach (var (route, _) in Routes())
        {
            table.AppendLine($"| {route.Method} | `{route.Pattern}` | {route.Who} |");
        }

        var path = Repository.PathTo("specs/authorization.md");
        if (Repository.UpdatingSpecs)
        {
            await File.WriteAllTextAsync(path, table.ToString());
        }

        File.Exists(path).ShouldBeTrue("specs/authorization.md is missing: run LEDGER_UPDATE_SPECS=1 ./test.sh to write it");
        (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n").ShouldBe(table.ToString().ReplaceLineEndings("\n"),
            "the endpoints' roles no longer match specs/authorization.md: review the change, then run LEDGER_UPDATE_SPECS=1 ./test.sh");
    }

    [Fact]
    public async Task every_role_is_refused_403_where_it_is_not_allowed_and_let_through_where_it_is_and_the_refusals_append_nothing()
    {
        var events = await fixture.Store.EventCount();
        var wrong = new List<string>();
        foreach (var (route, pattern) in Routes().Where(route => !route.Route.Public))
        {
            foreach (var role in AllRoles.Where(role => !route.Allows(role)))
            {
                var status = await Call(route, pattern, fixture.TokenFor(Caller, role));
                if (status != 403)
                {
                    wrong.Add($"{route.Method} {route.Pattern} as {role}: {status}, not 403");
                }
            }
        }

        (await fixture.Store.EventCount()).ShouldBe(events, "a refused caller appended an event");
        foreach (var (route, pattern) in Routes())
        {
            foreach (var role in AllRoles.Where(route.Allows))
            {
                var status = await Call(route, pattern, fixture.TokenFor(Caller, role));
                if (status is 401 or 403 or >= 500)
                {
                    wrong.Add($"{route.Method} {route.Pattern} as {role}: {status}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task no_token_and_tokens_that_must_never_be_taken_are_401_everywhere_but_the_public_endpoints()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var genuine = fixture.TokenFor(Caller, Roles.Admin);
        var payload = genuine.Split('.')[1];
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hs256Header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var publicKeyAsSecret = Encoding.UTF8.GetBytes(fixture.TokenSigningKey.ExportSubjectPublicKeyInfoPem());
        var forged = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["no token"] = null,
            ["expired"] = Ledger.Cli.DevelopmentTokens.Mint(fixture.TokenSigningKey, "ledger-test", "ledger-api", Caller, [Roles.Admin], now.AddHours(-3), TimeSpan.FromHours(1)),
            ["issued to last a day"] = Ledger.Cli.DevelopmentTokens.Mint(fixture.TokenSigningKey, "ledger-test", "ledger-api", Caller, [Roles.Admin], now, TimeSpan.FromHours(24)),
            ["signed by another key"] = Ledger.Cli.DevelopmentTokens.Mint(otherKey, "ledger-test", "ledger-api", Caller, [Roles.Admin], now, TimeSpan.FromHours(1)),
            ["alg none"] = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")) + "." + payload + ".",
            ["HS256 with our public key"] = hs256Header + "." + payload + "." + Base64Url(HMACSHA256.HashData(publicKeyAsSecret, Encoding.ASCII.GetBytes(hs256Header + "." + payload))),
        };
        var events = await fixture.Store.EventCount();
        var wrong = new List<string>();
        foreach (var (route, pattern) in Routes())
        {
            foreach (var (name, token) in forged)
            {
                var status = await Call(route, pattern, token);
                if (route.Public ? status is 401 or 403 or >= 500 : status != 401)
                {
                    wrong.Add($"{route.Method} {route.Pattern} with {name}: {status}");
                }
            }
        }

        wrong.ShouldBeEmpty();
        (await fixture.Store.EventCount()).ShouldBe(events);
    }
}
