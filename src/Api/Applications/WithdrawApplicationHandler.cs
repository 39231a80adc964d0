using Ledger.Domain.Applications;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public static class WithdrawApplicationHandler
{
    [AggregateHandler]
    public static ApplicationWithdrawn Handle(WithdrawApplication command, Application application, TimeProvider time) =>
        WithdrawApplicationDecision.Decide(application, command, time.GetUtcNow());
}
