namespace Ledger.Api.Problems;

/// <summary>
/// Every refusal is an RFC 9457 problem with a stable <c>code</c> extension; the code, not the wording,
/// is what callers branch on. <c>type</c> is the code as a URN so it is a stable identifier too.
/// </summary>
public static class Problem
{
    public const string ValidationFailed = "validation-failed";
    public const string MalformedRequest = "malformed-request";
    public const string NotFound = "not-found";
    public const string VersionConflict = "version-conflict";
    public const string AlreadyExists = "already-exists";
    public const string Internal = "internal-error";

    public static ProblemDetails Create(int status, string code, string title, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeFor(code),
            Title = title,
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    public static IResult NotFoundResult(string title, string detail) =>
        Results.Problem(Create(StatusCodes.Status404NotFound, NotFound, title, detail));

    public static string TypeFor(string code) => "urn:ledger:problem:" + code;

    /// <summary>
    /// Gives a stable code to problems written by the framework (status code pages, Wolverine's JSON reader),
    /// so that every problem a caller sees carries one, whoever wrote it.
    /// </summary>
    public static void EnsureCode(ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = problem.Status switch
        {
            StatusCodes.Status400BadRequest => MalformedRequest,
            StatusCodes.Status401Unauthorized => "unauthenticated",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
            StatusCodes.Status406NotAcceptable => "not-acceptable",
            StatusCodes.Status409Conflict => "conflict",
            StatusCodes.Status413PayloadTooLarge => "payload-too-large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
            StatusCodes.Status429TooManyRequests => "rate-limited",
            >= 500 => Internal,
            _ => "http-" + problem.Status,
        };
        problem.Extensions["code"] = code;
        problem.Type = TypeFor(code);
    }
}
