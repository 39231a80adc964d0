using System.Text.Json;
using Npgsql;

namespace Ledger.Api.Tests.Hosting;

/// <summary>What the event store holds after a load: the submissions stored, each matter's count, and anything half-written.</summary>
/// <param name="LastPosition">The newest event's position when the store was read.</param>
public sealed record StoredSubmissions(
    IReadOnlySet<Guid> Applications, IReadOnlySet<Guid> Bundles, IReadOnlyDictionary<string, int> ApplicationsPerMatter, long LastPosition, IReadOnlyList<string> HalfWritten)
{
    /// <summary>The hashes of the materials stored submissions list: one per request of the load that was recorded.</summary>
    public required IReadOnlySet<string> Materials { get; init; }

    /// <summary>What a 2xx acknowledged that the store does not hold: an application, a bundle, or a bundle's part.</summary>
    public IReadOnlyList<string> Lost(IEnumerable<LoadAnswer> acknowledged) => [.. acknowledged.SelectMany(LostOf)];

    private IEnumerable<string> LostOf(LoadAnswer answer)
    {
        if (answer.Kind == Submission.Application)
        {
            return Applications.Contains(answer.Id!.Value) ? [] : [$"application {answer.Id}"];
        }

        var parts = answer.Parts.Where(part => !Applications.Contains(part)).Select(part => $"part {part} of bundle {answer.Id}");
        return Bundles.Contains(answer.Id!.Value) ? parts : parts.Prepend($"bundle {answer.Id}");
    }
}

/// <summary>When the read models answered for every acknowledged submission (null: not in time), how many reads were answered 503 first, and what did not read back.</summary>
public sealed record ReadBack(DateTime? At, int Unavailable, IReadOnlyList<string> Unreadable);

/// <summary>Reads the event store, the read models, the vault and the log directly in PostgreSQL, as an auditor with database access would.</summary>
public static class StoreAudit
{
    private const string Applications = "'application_submitted.v2'";
    private const string Bundles = "'bundle_submitted.v2'";

    /// <summary>The commitments to a person's values (name, identity number, phone) that stored submissions carry.</summary>
    private const string Commitments = $"""
        (select e.data -> 'applicant' -> field.name ->> 'commitment' as commitment
            from ledger.mt_events e cross join (values ('name'), ('identityNumber'), ('phone')) as field (name)
            where e.type in ({Applications}, {Bundles}) and e.data -> 'applicant' -> field.name ->> 'commitment' is not null)
        """;

    /// <summary>Each check counts the rows that would show a command half-written: one part of its transaction without another.</summary>
    private static readonly (string Finding, string Sql)[] HalfWrittenChecks =
    [
        ("stream(s) whose version is not their number of events",
            "select count(*) from ledger.mt_streams s where s.version <> (select count(*) from ledger.mt_events e where e.stream_id = s.id)"),
        ("event(s) without their stream",
            "select count(*) from ledger.mt_events e where not exists (select 1 from ledger.mt_streams s where s.id = e.stream_id)"),
        ("application(s) without their read model",
            $"select count(*) from ledger.mt_events e where e.type = {Applications} and not exists (select 1 from ledger.mt_doc_applicationstatus d where d.id = e.stream_id)"),
        ("application read model(s) without their stream",
            "select count(*) from ledger.mt_doc_applicationstatus d where not exists (select 1 from ledger.mt_streams s where s.id = d.id)"),
        ("bundle(s) without their read model",
            $"select count(*) from ledger.mt_events e where e.type = {Bundles} and not exists (select 1 from ledger.mt_doc_bundlestatus d where d.id = e.stream_id)"),
        ("bundle part(s) not stored with their bundle",
            $"""
            select count(*) from ledger.mt_events b cross join lateral jsonb_array_elements(b.data -> 'parts') part
            where b.type = {Bundles} and not exists (select 1 from ledger.mt_events a
                where a.type = {Applications} and a.stream_id = (part ->> 'applicationId')::uuid and a.data ->> 'bundleId' = b.stream_id::text)
            """),
        ("part(s) stored without their bundle",
            $"""
            select count(*) from ledger.mt_events a where a.type = {Applications} and a.data ->> 'bundleId' is not null
                and not exists (select 1 from ledger.mt_events b where b.type = {Bundles} and b.stream_id = (a.data ->> 'bundleId')::uuid)
            """),
        ("vault subject(s) no stored submission names",
            $"""
            select count(*) from ledger.vault_subjects v where v.subject_id::text not in (select e.data -> 'applicant' -> 'identityNumber' ->> 'subject'
                from ledger.mt_events e where e.type in ({Applications}, {Bundles}) and e.data -> 'applicant' -> 'identityNumber' ->> 'subject' is not null)
            """),
        ("vault value(s) no stored submission commits to",
            $"select count(*) from ledger.vault_values v where encode(v.commitment, 'hex') not in (select named.commitment from {Commitments} named)"),
        ("commitment(s) of stored submissions without their value in the vault",
            $"select count(*) from {Commitments} c where not exists (select 1 from ledger.vault_values v where v.commitment = decode(c.commitment, 'hex'))"),
    ];

    public static async Task<StoredSubmissions> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var applications = new HashSet<Guid>();
        var bundles = new HashSet<Guid>();
        var perMatter = new Dictionary<string, int>(StringComparer.Ordinal);
        var materials = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"select stream_id, type, data ->> 'matterCode', data -> 'materials' -> 0 ->> 'sha256' from ledger.mt_events where type in ({Applications}, {Bundles})", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (string.Equals(reader.GetString(1), Bundles.Trim('\''), StringComparison.Ordinal))
                {
                    bundles.Add(reader.GetGuid(0));
                    continue;
                }

                applications.Add(reader.GetGuid(0));
                materials.Add(reader.GetString(3));
                perMatter[reader.GetString(2)] = perMatter.GetValueOrDefault(reader.GetString(2)) + 1;
            }
        }

        var halfWritten = new List<string>();
        foreach (var (finding, sql) in HalfWrittenChecks)
        {
            if (await ScalarAsync(connection, sql) is var count and > 0)
            {
                halfWritten.Add($"{count} {finding}");
            }
        }

        var lastPosition = await ScalarAsync(connection, "select coalesce(max(seq_id), 0) from ledger.mt_events");
        return new StoredSubmissions(applications, bundles, perMatter, lastPosition, halfWritten) { Materials = materials };
    }

    /// <summary>
    /// Waits until the log has a leaf for every event up to <paramref name="position"/>, one each, and its head has passed
    /// it: when that was, or null if not within <paramref name="within"/>.
    /// </summary>
    public static async Task<DateTime?> LogCaughtUpAsync(string connectionString, long position, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sql = $"""
            select (select last_seq_id from ledger.log_head) >= {position}
                and (select count(*) from ledger.log_leaves where seq_id <= {position}) = (select count(*) from ledger.mt_events where seq_id <= {position})
                and not exists (select 1 from ledger.mt_events e where e.seq_id <= {position} and not exists (select 1 from ledger.log_leaves l where l.seq_id = e.seq_id))
            """;
        while (DateTime.UtcNow < deadline)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                return DateTime.UtcNow;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>
    /// Waits until the asynchronous read model (submissions per matter) counts exactly the applications stored, then reads
    /// every acknowledged submission through the API: the application with its applicant's name opened from the vault, the
    /// bundle with its parts. When all that was so, or null if not within <paramref name="within"/>; and what did not read back.
    /// </summary>
    public static async Task<ReadBack> ReadModelsCaughtUpAsync(
        FaultStack stack, FaultCity city, StoredSubmissions stored, IReadOnlyList<LoadAnswer> acknowledged, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await CountsMatchAsync(stack, city, stored))
        {
            if (DateTime.UtcNow > deadline)
            {
                return new(null, 0, ["submissions per matter never matched the applications stored: " + JsonSerializer.Serialize(stored.ApplicationsPerMatter)]);
            }

            await Task.Delay(100);
        }

        var unreadable = new System.Collections.Concurrent.ConcurrentBag<string>();
        var unavailable = 0;
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (answer, _) =>
        {
            var url = answer.Kind == Submission.Application ? $"/api/applications/{answer.Id}" : $"/api/bundles/{answer.Id}";
            var (status, json) = await GetAsync(stack, url, city.PortalToken);
            // A 503 says "try again": a client does, and so does this reader, counting how often it had to.
            for (; status == 503 && DateTime.UtcNow < deadline; (status, json) = await GetAsync(stack, url, city.PortalToken))
            {
                Interlocked.Increment(ref unavailable);
                await Task.Delay(200);
            }

            var readBack = json.ValueKind == JsonValueKind.Object && (answer.Kind == Submission.Application
                ? string.Equals(json.GetProperty("applicant").GetProperty("name").GetString(), answer.ApplicantName, StringComparison.Ordinal)
                : json.GetProperty("parts").EnumerateArray().Select(part => part.Id()).SequenceEqual(answer.Parts));
            if (!readBack)
            {
                unreadable.Add($"{url}: {status}");
            }
        });
        return new(DateTime.UtcNow < deadline ? DateTime.UtcNow : null, unavailable, [.. unreadable]);
    }

    private static async Task<(int Status, JsonElement Json)> GetAsync(FaultStack stack, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = new("Bearer", token) } };
        using var response = await stack.Http.SendAsync(request);
        return ((int)response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default);
    }

    private static async Task<bool> CountsMatchAsync(FaultStack stack, FaultCity city, StoredSubmissions stored)
    {
        var counted = (await stack.SendAsync(HttpMethod.Get, "/api/matters/submissions", null, null)).EnumerateArray()
            .ToDictionary(matter => matter.GetProperty("id").GetString()!, matter => matter.GetProperty("submitted").GetInt32(), StringComparer.Ordinal);
        return city.Matters.All(matter => counted.GetValueOrDefault(matter) == stored.ApplicationsPerMatter.GetValueOrDefault(matter));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
