using System.Globalization;
using System.Text;
using FluentValidation.Results;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http.CodeGen;

namespace Ledger.Api.Problems;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body before the endpoint, and answers 400
/// with a problem that names each failing field (as a JSON path in the body) when it fails.
/// </summary>
public sealed class RequestValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(chain => chain.HasRequestType))
        {
            var validator = typeof(IValidator<>).MakeGenericType(chain.RequestType!);
            if (!container.RegistrationsFor(validator).Any())
            {
                continue;
            }

            chain.Metadata.ProducesProblem(StatusCodes.Status400BadRequest);
            var check = typeof(RequestValidation).GetMethod(nameof(RequestValidation.Check))!.MakeGenericMethod(chain.RequestType!);
            var call = new MethodCall(typeof(RequestValidation), check) { CommentText = "FluentValidation of the request body" };
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class RequestValidation
{
    public static async Task<IResult> Check<T>(IValidator<T> validator, T? request, CancellationToken cancellation)
    {
        if (request is null)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status400BadRequest, Problem.MalformedRequest, "The request has no command in it.",
                "The body is missing or JSON null; send the command as a JSON object."));
        }

        var result = await validator.ValidateAsync(request, cancellation);
        return result.IsValid ? WolverineContinue.Result() : Results.Problem(ToProblem(result.Errors));
    }

    public static ProblemDetails ToProblem(IEnumerable<ValidationFailure> failures)
    {
        var errors = failures
            .GroupBy(failure => JsonPath(failure.PropertyName), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var problem = Problem.Create(
            StatusCodes.Status400BadRequest,
            Problem.ValidationFailed,
            "The request is not valid.",
            "Fields failed validation: " + string.Join(", ", errors.Keys) + ".");
        problem.Extensions["errors"] = errors;
        return problem;
    }

    /// <summary>FluentValidation names properties as C# does (Materials[0].Sha256); callers wrote camelCase JSON (materials[0].sha256).</summary>
    public static string JsonPath(string propertyName)
    {
        var path = new StringBuilder(propertyName.Length);
        var startOfSegment = true;
        foreach (var character in propertyName)
        {
            path.Append(startOfSegment ? char.ToLower(character, CultureInfo.InvariantCulture) : character);
            startOfSegment = character is '.' or ']';
        }

        return path.ToString();
    }
}
