using Ledger.Domain.Rules;

namespace Ledger.Domain.Applications;

/// <param name="Version">The version of the application stream the caller last saw; a stale one is refused.</param>
public sealed record WithdrawApplication(Guid ApplicationId, long Version, string Reason);

public static class WithdrawApplicationDecision
{
    public static ApplicationWithdrawn Decide(Application application, WithdrawApplication command, DateTimeOffset now) =>
        application.Stage switch
        {
            ApplicationStage.Withdrawn => throw new RuleBroken("application-already-withdrawn", $"Application {application.Id} was already withdrawn."),
            _ => new ApplicationWithdrawn(application.Id, command.Reason, now),
        };
}
