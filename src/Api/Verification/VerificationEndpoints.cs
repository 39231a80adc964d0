using Ledger.Api.Log;
using System.Text.Json;
using Marten;

namespace Ledger.Api.Verification;

/// <summary>Public certificate verification: no token, rate limited per client address (see <see cref="Hosting.RateLimits"/>).</summary>
public static class VerificationEndpoints
{
    /// <summary>A certificate document is a few kilobytes; anything far larger is not one.</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    [WolverinePost("/api/verify/certificate", OperationId = "verifyCertificateDocument")]
    [AllowAnonymous]
    [Tags("Verification")]
    [EndpointSummary("Verify a certificate document exactly as issued")]
    [EndpointDescription("The body is the certificate document (`content`, `contentHash`, `seal`) as the holder received it. The report lists each step (integrity, seal, issuer, status, inclusion, anchor) as pass, fail or pending, with a reason, and a verdict: genuine, not-genuine or pending.")]
    [ProducesResponseType<VerificationReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> VerifyDocument(HttpRequest request, CertificateVerifier verifier, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxDocumentBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                return TooLarge();
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellation);
        }

        JsonElement document;
        try
        {
            using var parsed = JsonDocument.Parse(buffer.ToArray());
            document = parsed.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return Malformed("The body is not JSON: " + exception.Message);
        }

        try
        {
            return Results.Ok(await verifier.VerifyAsync(document, cancellation));
        }
        catch (MalformedDocumentException exception)
        {
            return Malformed(exception.Message);
        }
    }

    [WolverineGet("/api/verify/certificates/{contentHash}", OperationId = "verifyCertificateByHash")]
    [AllowAnonymous]
    [Tags("Verification")]
    [EndpointSummary("Verify the registered certificate with this content hash")]
    [EndpointDescription("The same report for the document the registry holds under this SHA-256 content hash (64 hex digits).")]
    [ProducesResponseType<VerificationReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> VerifyByHash(string contentHash, CertificateVerifier verifier, RecentAnswers recent)
    {
        var hash = contentHash.Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            return Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, "invalid-content-hash", "That is not a content hash.",
                "A certificate's content hash is SHA-256: 64 hexadecimal digits."));
        }

        // Shared by every caller asking within RecentAnswers.FreshFor, so not cancelled with any one of them.
        var report = await recent.ReportAsync(hash, async () =>
            await verifier.RecordByHashAsync(hash, CancellationToken.None) is { } record ? await verifier.VerifyRegisteredAsync(record, CancellationToken.None) : null);
        return report is not null
            ? Results.Ok(report)
            : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "certificate-not-found", "No certificate has this content hash.",
                "The registry holds no certificate whose content hashes to this value. Check the hash, or verify the document itself."));
    }

    private static IResult TooLarge() => Results.Problem(Problem.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large",
        "The document is too large to be a certificate.", $"A certificate document is at most {MaxDocumentBytes / 1024} KB."));

    private static IResult Malformed(string detail) =>
        Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, "malformed-document", "That is not a certificate document.", detail));
}

public static class VerificationLookups
{
    [WolverineGet("/api/verify/identifiers/{identifier}", OperationId = "verifyCertificateByIdentifier")]
    [AllowAnonymous]
    [Tags("Verification")]
    [EndpointSummary("Verify the registered certificate with this identifier")]
    [EndpointDescription("The same report for the certificate the registry holds under this GB/T 36904 identifier.")]
    [ProducesResponseType<VerificationReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> VerifyByIdentifier(string identifier, Marten.IQuerySession session, CertificateVerifier verifier, CancellationToken cancellation)
    {
        var record = await session.Query<Projections.Certificates.CertificateRecord>().FirstOrDefaultAsync(r => r.Identifier == identifier, cancellation);
        return record is null
            ? Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "certificate-not-found", "No certificate has this identifier.",
                "Check the identifier as printed on the certificate, or verify the document itself."))
            : Results.Ok(await verifier.VerifyRegisteredAsync(record, cancellation));
    }

    [WolverineGet("/api/certificates/{id}/qr", OperationId = "getCertificateQrCode")]
    [AllowAnonymous]
    [Tags("Verification")]
    [EndpointSummary("A QR code (PNG) that opens /verify for this certificate")]
    [EndpointDescription("Printed on the certificate: it encodes {Verification:PublicBaseUrl or this request's origin}/verify?hash={contentHash}.")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "image/png")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> QrCode(Guid id, HttpRequest request, Marten.IQuerySession session, IConfiguration configuration, CancellationToken cancellation)
    {
        var record = await session.LoadAsync<Projections.Certificates.CertificateRecord>(id, cancellation);
        if (record is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status404NotFound, Problem.NotFound, $"There is no certificate {id}."));
        }

        var origin = configuration["Verification:PublicBaseUrl"] ?? $"{request.Scheme}://{request.Host}";
        var url = $"{origin.TrimEnd('/')}/verify?hash={record.ContentHash}";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        return Results.File(new QRCoder.PngByteQRCode(data).GetGraphic(8), "image/png");
    }
}
