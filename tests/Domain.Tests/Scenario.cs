using Ledger.Domain.Rules;

namespace Ledger.Domain.Tests;

/// <summary>Given a history of events, when a decision is made, then these events follow, or the command is refused with this code.</summary>
public static class Scenario
{
    public static History<TState> Given<TState>(Func<IReadOnlyList<object>, TState> fold, params object[] history) => new(fold(history));

    public static Outcome<TResult> When<TResult>(Func<TResult> decide) => new(Capture(decide));

    private static (TResult? Result, RuleBroken? Refusal) Capture<TResult>(Func<TResult> decide)
    {
        try
        {
            return (decide(), null);
        }
        catch (RuleBroken refusal)
        {
            return (default, refusal);
        }
    }

    public sealed record History<TState>(TState State)
    {
        public Outcome<TResult> When<TResult>(Func<TState, TResult> decide) => new(Capture(() => decide(State)));
    }

    public sealed class Outcome<TResult>((TResult? Result, RuleBroken? Refusal) outcome)
    {
        public TResult Then(Action<TResult>? check = null)
        {
            outcome.Refusal.ShouldBeNull($"the command was refused: {outcome.Refusal?.Code} {outcome.Refusal?.Message}");
            check?.Invoke(outcome.Result!);
            return outcome.Result!;
        }

        public void ThenRefused(string code)
        {
            outcome.Refusal.ShouldNotBeNull($"the command was accepted with {outcome.Result}");
            outcome.Refusal.Code.ShouldBe(code);
        }
    }
}
