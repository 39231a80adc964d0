using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ledger.Cli;

/// <summary>A checkpoint as the API lists it: only <see cref="SignedNote"/> is trusted, once its signature verifies.</summary>
internal sealed record ServedCheckpoint(long TreeSize, string SignedNote, string AnchorStatus, ServedAnchor? Anchor)
{
    public DateTimeOffset? SignedAt { get; init; }
}

/// <summary>Where the API says a checkpoint is anchored; the auditor reads the root from the chain itself.</summary>
internal sealed record ServedAnchor(long ChainId, string Contract, string TransactionHash, long? BlockNumber);

internal sealed record ServedKey(string Origin, string VerifierKey);

internal sealed record ServedHead(long TreeSize);

/// <summary>
/// The ledger's public proof API, read over HTTP with the auditor's token: the key, the head, and the leaves and
/// checkpoints page by page. A refusal or an unreachable API is bad input (exit 2), never a verdict.
/// </summary>
internal sealed class ServedLog : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;

    public ServedLog(string api, string token, HttpMessageHandler? handler = null)
    {
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = BaseAddress(api);
        http.Timeout = TimeSpan.FromMinutes(2);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Address => http.BaseAddress!;

    public Task<ServedKey> KeyAsync(CancellationToken cancellationToken) => GetAsync<ServedKey>("api/ledger/key", cancellationToken);

    public Task<ServedHead> HeadAsync(CancellationToken cancellationToken) => GetAsync<ServedHead>("api/ledger/head", cancellationToken);

    public Task<List<ServedLeaf>> LeavesAsync(long from, long count, CancellationToken cancellationToken) =>
        GetAsync<List<ServedLeaf>>(string.Create(CultureInfo.InvariantCulture, $"api/ledger/leaves?from={from}&count={count}"), cancellationToken);

    public Task<List<ServedCheckpoint>> CheckpointsAsync(long fromSize, long count, CancellationToken cancellationToken) =>
        GetAsync<List<ServedCheckpoint>>(string.Create(CultureInfo.InvariantCulture, $"api/ledger/checkpoints?from={fromSize}&count={count}"), cancellationToken);

    /// <summary>The city overview the API serves at log size <paramref name="size"/>, or its newest, as JSON.</summary>
    public Task<JsonElement> OverviewAsync(long? size, CancellationToken cancellationToken) =>
        GetAsync<JsonElement>(size is { } at ? string.Create(CultureInfo.InvariantCulture, $"api/operations/overview?size={at}") : "api/operations/overview", cancellationToken);

    /// <summary>Every checkpoint the API lists, oldest first, page by page.</summary>
    public async Task<List<ServedCheckpoint>> AllCheckpointsAsync(Action<long> progress, CancellationToken cancellationToken)
    {
        const int pageSize = 1_000;
        var all = new List<ServedCheckpoint>();
        var from = 0L;
        while (true)
        {
            var page = await CheckpointsAsync(from, pageSize, cancellationToken);
            all.AddRange(page);
            progress(all.Count);
            if (page.Count < pageSize)
            {
                return all;
            }

            var next = page[^1].TreeSize + 1;
            from = next > from ? next : throw new NotVerified($"the API's checkpoints from size {from} do not move on: it served size {page[^1].TreeSize} last");
        }
    }

    public void Dispose() => http.Dispose();

    private static Uri BaseAddress(string api)
    {
        var text = api.EndsWith('/') ? api : api + "/";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
            ? uri
            : throw new UsageError($"--api must be the API's http(s) URL; got '{api}'.");
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            throw new IOException($"The API at {http.BaseAddress} did not answer: {exception.Message}", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new IOException($"The API refused GET /{path}: {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length == 0 ? "" : " " + (body.Length > 300 ? body[..300] + "…" : body))}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
                ?? throw new JsonException($"GET /{path} answered null.");
        }
    }
}
