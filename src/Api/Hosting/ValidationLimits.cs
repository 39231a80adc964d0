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
                    case IMaxItemsValidator count when property.Type is { } listType && listType.HasFlag(JsonSchemaType.Array):
                        property.MaxItems = count.Max;
                        break;
                    case IMaxItemsValidator count:
                        property.MaxProperties = count.Max;
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

/// <summary>A rule on how many elements a list (or entries a map) may hold, which <see cref="ValidationLimits"/> writes into the schema.</summary>
public interface IMaxItemsValidator
{
    int Max { get; }
}

public sealed class MaxItemsValidator<T, TCollection>(int max) : PropertyValidator<T, TCollection>, IMaxItemsValidator
    where TCollection : System.Collections.IEnumerable?
{
    public int Max => max;

    public override string Name => "MaxItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TCollection value) =>
        value is null || value.Cast<object?>().Take(max + 1).Count() <= max;

    protected override string GetDefaultMessageTemplate(string errorCode) => $"'{{PropertyName}}' holds at most {max} elements.";
}

public static class CountRules
{
    /// <summary>At most <paramref name="max"/> elements (a null list passes; say NotNull where one is required).</summary>
    public static IRuleBuilderOptions<T, TCollection> MaxItems<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int max)
        where TCollection : System.Collections.IEnumerable? =>
        rule.SetValidator(new MaxItemsValidator<T, TCollection>(max));
}
