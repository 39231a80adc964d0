using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ledger.Api.Tests.Hosting;

public enum Submission
{
    /// <summary>POST /api/applications: one stream, one event, the applicant's values in the vault.</summary>
    Application,

    /// <summary>POST /api/bundles: a bundle stream and a stream per part (three), the applicant's values in the vault, all in one transaction.</summary>
    Bundle,
}

/// <summary>
/// One request of the load and what came of it. <paramref name="Status"/> is 0 when no answer came (connection refused or
/// cut, timeout); <paramref name="Id"/> and <paramref name="Parts"/> are what a 2xx acknowledged. <paramref name="Material"/>,
/// the hash of a material no other request lists, finds the submission in the store whatever the answer.
/// </summary>
public sealed record LoadAnswer(DateTime Sent, DateTime At, Submission Kind, string ApplicantName, string Material, int Status, string? Code, bool RetryAfter, Guid? Id, IReadOnlyList<Guid> Parts, string? Failure)
{
    public bool Acknowledged => Status is >= 200 and < 300;

    /// <summary>A problem's <c>recorded</c>: the API says the command was committed although the answer failed.</summary>
    public bool SaidRecorded { get; init; }

    public override string ToString() => $"{Kind} {Status} {Code}{(SaidRecorded ? " (recorded)" : "")} {Failure}".TrimEnd();
}

/// <summary>
/// A load of appends over real HTTP: workers submitting applications and bundles (alternately, for persons whose values go
/// to the vault) as fast as the API answers, until stopped. Every answer is kept, with the ids a 2xx acknowledged.
/// </summary>
public sealed class AppendLoad
{
    private static readonly string[] Names = ["王小明", "李梅", "张伟", "陈静"];
    private readonly ConcurrentQueue<LoadAnswer> answers = new();
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient http;
    private readonly FaultCity city;
    private Task running = Task.CompletedTask;

    private AppendLoad(HttpClient http, FaultCity city)
    {
        this.http = http;
        this.city = city;
    }

    public IReadOnlyList<LoadAnswer> Answers => [.. answers];

    public IEnumerable<LoadAnswer> Acknowledged => answers.Where(answer => answer.Acknowledged);

    public static AppendLoad Start(HttpClient http, FaultCity city, int workers)
    {
        var load = new AppendLoad(http, city);
        load.running = Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() => load.WorkAsync(worker))));
        return load;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests sent after <paramref name="since"/> were acknowledged; when the first of them was.</summary>
    public async Task<DateTime> AcknowledgedAsync(int count, DateTime since, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var acknowledged = Acknowledged.Where(answer => answer.Sent >= since).OrderBy(answer => answer.At).ToList();
            if (acknowledged.Count >= count)
            {
                return acknowledged[0].At;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{count} request(s) sent after {since:HH:mm:ss.fff} were not acknowledged within {within.TotalSeconds} s; "
                + $"the last answers: {string.Join(", ", Answers.TakeLast(5))}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops sending; returns once every request in flight has its answer.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    private async Task WorkAsync(int worker)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var kind = (worker + n) % 2 == 0 ? Submission.Application : Submission.Bundle;
            var name = Names[n % Names.Length];
            var sent = DateTime.UtcNow;
            var answer = await SendAsync(kind, name, $"{worker}:{n}", sent);
            answers.Enqueue(answer);
            if (answer.Status == 0 || answer.Status >= 500)
            {
                // Down: keep knocking, but not in a tight loop.
                await Task.Delay(50);
            }
        }
    }

    private async Task<LoadAnswer> SendAsync(Submission kind, string name, string material, DateTime sent)
    {
        var applicant = new { kind = "Person", name, identityNumber = City.NewResidentIdentityNumber(), phone = "13800138000" };
        var sha256 = Requests.Sha256Of(material);
        object[] materials = [new { name = "申请书", sha256 }];
        object body = kind == Submission.Application
            ? new { matterCode = city.Matters[0], applicant, materials }
            : new { name = "开办餐饮店", applicant, parts = city.Matters.Select(matter => new { matterCode = matter, materials }).ToArray() };
        using var request = new HttpRequestMessage(HttpMethod.Post, kind == Submission.Application ? "/api/applications" : "/api/bundles") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", city.PortalToken);
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var json = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement : default;
            var retryAfter = response.Headers.RetryAfter is not null;
            if (status is < 200 or >= 300)
            {
                var code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var problem) ? problem.GetString() : text;
                var recorded = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("recorded", out var said) && said.ValueKind == JsonValueKind.True;
                return new(sent, DateTime.UtcNow, kind, name, sha256, status, code, retryAfter, null, [], null) { SaidRecorded = recorded };
            }

            return kind == Submission.Application
                ? new(sent, DateTime.UtcNow, kind, name, sha256, status, null, retryAfter, json.Id(), [], null)
                : new(sent, DateTime.UtcNow, kind, name, sha256, status, null, retryAfter, json.GetProperty("bundle").Id(),
                    [.. json.GetProperty("parts").EnumerateArray().Select(part => part.Id())], null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(sent, DateTime.UtcNow, kind, name, sha256, 0, null, false, null, [], exception.GetType().Name + ": " + exception.Message);
        }
    }
}
