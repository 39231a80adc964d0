namespace Ledger.Domain.Applications;

public enum ApplicationStage
{
    Submitted,
}

/// <summary>The write-side state of one application stream, folded from its events.</summary>
public sealed record Application(Guid Id, string MatterCode, ApplicationStage Stage, DateTimeOffset SubmittedAt)
{
    public static Application Create(ApplicationSubmitted submitted) =>
        new(submitted.ApplicationId, submitted.MatterCode, ApplicationStage.Submitted, submitted.SubmittedAt);
}
