using System.Globalization;
using System.Text.Json;
using FluentValidation.Validators;
using Microsoft.OpenApi;

namespace Ledger.Api.Hosting;

/// <summary>
/// The limits a request's FluentValidation validator enforces (lengths, patterns, lower bounds, required fields), written
/// into the request's OpenAPI schema, so clients see them in the contract instead of learning them from 400s.
/// </summary>
public static class ValidationLimits
{
    public static void Apply(IOpenApiSchema schema, Type type, IServiceProvider services)
    {
        if (schema is not OpenApiSchema target || target.Properties is not { Count: > 0 } properties
            || services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return;
        }

        foreach (var member in validator.CreateDescriptor().GetMembersWithValidators())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(member.Key);
            if (!properties.TryGetValue(name, out var found) || found is not OpenApiSchema property)
            {
                continue;
            }

            foreach (var (rule, _) in member)
            {
                switch (rule)
                {
                    case ILengthValidator length:
                        property.MaxLength = length.Max > 0 ? length.Max : property.MaxLength;
                        property.MinLength = length.Min > 0 ? length.Min : property.MinLength;
                        break;
                    case IRegularExpressionValidator pattern:
                        property.Pattern = pattern.Expression;
                        break;
                    case IComparisonValidator { Comparison: Comparison.GreaterThanOrEqual, ValueToCompare: { } minimum }:
                        property.Minimum = Convert.ToString(minimum, CultureInfo.InvariantCulture);
                        break;
                    case INotNullValidator or INotEmptyValidator:
                        target.Required ??= new HashSet<string>(StringComparer.Ordinal);
                        target.Required.Add(name);
                        property.MinLength = property.MinLength is null && rule is INotEmptyValidator && property.Type is { } kind && kind.HasFlag(JsonSchemaType.String) ? 1 : property.MinLength;
                        break;
                }
            }
        }
    }
}
