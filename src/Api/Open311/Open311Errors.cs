using System.Text.Json.Serialization;
using Ledger.Domain.Rules;
using Microsoft.AspNetCore.Diagnostics;

namespace Ledger.Api.Open311;

/// <summary>One error as GeoReport v2 lists them: the HTTP status again, and a description (our stable code for a domain refusal).</summary>
public sealed record Open311Error([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("description")] string Description);

/// <summary>A refusal of an Open311 call, answered as the standard's error list with <paramref name="Status"/>.</summary>
public sealed class Open311Refusal(int status, IReadOnlyList<string> descriptions) : Exception(string.Join("; ", descriptions))
{
    public Open311Refusal(int status, string description)
        : this(status, [description])
    {
    }

    public int Status { get; } = status;

    public IReadOnlyList<string> Descriptions { get; } = descriptions;

    public IResult ToResult() => Open311Errors.List(Status, Descriptions);
}

public static class Open311Errors
{
    public const string PathPrefix = "/open311/";

    public static IResult List(int status, IReadOnlyList<string> descriptions) =>
        Results.Json(descriptions.Select(description => new Open311Error(status, description)).ToList(), statusCode: status, contentType: "application/json");

    public static IResult NotFound(string description) => List(StatusCodes.Status404NotFound, [description]);
}

/// <summary>
/// Refusals on the Open311 paths answer in the standard's error-list form, not as RFC 9457 problems: a domain rule broken is
/// 400 with the rule's stable code as the whole description, so clients can branch on it. Anything else falls through to
/// the API's own problem handler.
/// </summary>
public sealed class Open311ExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(PathString.FromUriComponent(Open311Errors.PathPrefix.TrimEnd('/')), StringComparison.Ordinal))
        {
            return false;
        }

        var result = exception switch
        {
            Open311Refusal refusal => refusal.ToResult(),
            RuleBroken broken => Open311Errors.List(StatusCodes.Status400BadRequest, [broken.Code]),
            BadHttpRequestException or InvalidDataException => Open311Errors.List(StatusCodes.Status400BadRequest, ["malformed-request"]),
            _ => null,
        };
        if (result is null)
        {
            return false;
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }
}
