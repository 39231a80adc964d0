using System.Diagnostics;
using Ledger.Api.Tests.Pages;
using Npgsql;

namespace Ledger.Api.Tests.Privacy;

/// <summary>The browser fixture on a database of its own, with what the privacy tests need to look at the whole database.</summary>
public sealed class PrivacyFixture : BrowserFixture
{
    protected override string DatabaseName => "ledger_api_tests_privacy";

    /// <summary>The whole database as <c>pg_dump</c> writes it (schema and data, every schema, Wolverine's tables included).</summary>
    public async Task<string> DumpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(ConnectionString);
        var start = new ProcessStartInfo("pg_dump",
            ["--no-owner", "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--username", connection.Username!, "--dbname", connection.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PGPASSWORD"] = connection.Password;
        using var dump = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start.");
        var text = dump.StandardOutput.ReadToEndAsync();
        var error = dump.StandardError.ReadToEndAsync();
        await dump.WaitForExitAsync();
        dump.ExitCode.ShouldBe(0, await error);
        return await text;
    }

}
