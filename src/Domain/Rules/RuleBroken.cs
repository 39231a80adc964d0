namespace Ledger.Domain.Rules;

/// <summary>A command was refused by a business rule. <see cref="Code"/> is stable and reaches callers as the problem's code.</summary>
public sealed class RuleBroken(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
