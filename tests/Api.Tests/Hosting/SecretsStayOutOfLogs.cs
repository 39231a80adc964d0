using Alba;
using Ledger.Api.Identity;
using Ledger.Domain.Identity;
using Ledger.Testing;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Nothing the host writes to its logs holds a key, a token or a password, whatever callers send it.</summary>
[Collection(ApiCollection.Name)]
public class SecretsStayOutOfLogs(ApiFixture fixture)
{
    [Fact]
    public async Task no_log_entry_holds_a_signing_key_the_vaults_key_a_token_or_the_database_password()
    {
        // Given callers with good tokens, forged ones and expired ones, and a database error provoked on purpose
        var city = await new City(fixture).WithPortal();
        var good = city.AdminToken;
        var expired = Ledger.Cli.DevelopmentTokens.Mint(fixture.TokenSigningKey, "ledger-test", "ledger-api", City.Administrator, [Roles.Admin], DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1));
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = Ledger.Cli.DevelopmentTokens.Mint(otherKey, "ledger-test", "ledger-api", City.Administrator, [Roles.Admin], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        foreach (var token in new[] { good, expired, forged, good + "x" })
        {
            await fixture.Host.Scenario(scenario =>
            {
                scenario.Post.Json(new { creditCode = "not-a-code", name = "", district = "", certificateTypes = Array.Empty<string>() }).ToUrl("/api/agencies");
                scenario.WithRequestHeader("Authorization", "Bearer " + token);
                scenario.IgnoreStatusCode();
            });
        }

        // When everything the host has logged since it started is read
        var logged = string.Join('\n', fixture.Logs.Entries.Select(entry => entry.ToString()));

        // Then none of its secrets, nor any token, is in it
        var checkpointKeyBody = string.Concat(fixture.CheckpointKeyPem.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal))).Trim();
        logged.ShouldNotBeEmpty();
        logged.ShouldSatisfyAllConditions(
            () => logged.ShouldNotContain(checkpointKeyBody),
            () => logged.ShouldNotContain(TestEnvironment.PrivacyKey),
            () => logged.ShouldNotContain(good.Split('.')[2]),
            () => logged.ShouldNotContain(expired.Split('.')[2]),
            () => logged.ShouldNotContain(forged.Split('.')[2]),
            () => logged.ShouldNotContain("Password=", Case.Insensitive));
    }
}
