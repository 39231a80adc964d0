using Microsoft.AspNetCore.Http.Features;

namespace Ledger.Api.Hosting;

/// <summary>The "Limits" section: how large a request body may be.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body accepted, in kilobytes (1,024 bytes); a larger one is 413 <c>payload-too-large</c>.</summary>
    public int MaxBodyKilobytes { get; set; } = 256;

    public long MaxBodyBytes => MaxBodyKilobytes * 1024L;
}

/// <summary>
/// Refuses a request body over the limit before anything reads it: at once when its Content-Length says so, and as soon as
/// a body sent without one (chunked) passes the limit. Kestrel is told the same limit, and the body is wrapped as well so
/// that a host without Kestrel's limit (the test server) refuses it the same way.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, Microsoft.Extensions.Options.IOptions<RequestLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            kestrel.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is null && context.Request.Body is { CanRead: true } body && !HttpMethods.IsGet(context.Request.Method))
        {
            context.Request.Body = new LimitedBody(body, limit);
        }

        await next(context);
    }

    public static IResult TooLarge(long limit) => Results.Problem(Problem.Create(
        StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.",
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A request body is at most {limit / 1024} KB.")));

    /// <summary>A body that fails with 413 once more than <paramref name="limit"/> bytes have been read from it.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int bytes)
        {
            read += bytes;
            return read > limit
                ? throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
                : bytes;
        }
    }
}

/// <summary>
/// Headers every response carries (no MIME sniffing, no framing, no referrer), and on the web pages a Content-Security-Policy
/// that allows scripts, styles, images and calls from this origin only: the pages load no script from anywhere else and
/// have no inline script.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly string[] Pages = ["/verify", "/audit", "/operations", "/vendor"];

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (Pages.Any(page => context.Request.Path.StartsWithSegments(page, StringComparison.Ordinal)))
        {
            headers.ContentSecurityPolicy = PagePolicy;
        }

        return next(context);
    }
}
