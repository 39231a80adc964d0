namespace Ledger.Domain.Applications;

public enum ApplicationStage
{
    Submitted,
    Withdrawn,
}

/// <summary>The write-side state of one application stream, folded from its events by <see cref="Evolve"/>.</summary>
public sealed record Application(Guid Id, string MatterCode, ApplicationStage Stage, DateTimeOffset SubmittedAt)
{
    /// <summary>
    /// The fold: the state after one more event. Events this state does not depend on leave it as it was, so new
    /// event types never break old streams. (One explicit function rather than Marten's Create/Apply conventions:
    /// those are dispatched by a source generator that would have to run in this framework-free assembly.)
    /// </summary>
    public static Application? Evolve(Application? state, object @event) => (state, @event) switch
    {
        (null, ApplicationSubmitted submitted) =>
            new Application(submitted.ApplicationId, submitted.MatterCode, ApplicationStage.Submitted, submitted.SubmittedAt),
        (not null, ApplicationWithdrawn) => state with { Stage = ApplicationStage.Withdrawn },
        _ => state,
    };
}
