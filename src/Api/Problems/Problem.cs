using System.Text.RegularExpressions;

namespace Ledger.Api.Problems;

/// <summary>
/// Every refusal is an RFC 9457 problem with a stable <c>code</c> extension; the code, not the wording,
/// is what callers branch on. <c>type</c> is the code as a URN so it is a stable identifier too.
/// </summary>
public static partial class Problem
{
    public const string ValidationFailed = "validation-failed";
    public const string MalformedRequest = "malformed-request";
    public const string UnknownField = "unknown-field";
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

    /// <summary>
    /// A body that could not be read as the command: a property the command does not have is <c>unknown-field</c> (the
    /// API never drops one silently), anything else (bad JSON, a wrong type, invalid text) <c>malformed-request</c>.
    /// </summary>
    public static ProblemDetails Unreadable(string? reason) =>
        UnmappedMember().Match(reason ?? "") is { Success: true } unknown
            ? Create(StatusCodes.Status400BadRequest, UnknownField, "The request has a property this command does not have.",
                $"'{unknown.Groups["name"].Value}' is not a property of this request; the properties each command takes are in the OpenAPI document. Nothing was recorded.")
            : Create(StatusCodes.Status400BadRequest, MalformedRequest, "The request could not be read.", reason);

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped to any .NET member", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex UnmappedMember();

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

        if (problem.Status == StatusCodes.Status400BadRequest && UnmappedMember().IsMatch(problem.Detail ?? ""))
        {
            var unknown = Unreadable(problem.Detail);
            (problem.Type, problem.Title, problem.Detail) = (unknown.Type, unknown.Title, unknown.Detail);
            problem.Extensions["code"] = UnknownField;
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
