using Ledger.Domain.Applications;
using Wolverine.Marten;

namespace Ledger.Api.Applications;

public static class SubmitApplicationHandler
{
    public static IStartStream Handle(SubmitApplication command, TimeProvider time) =>
        MartenOps.StartStream<Application>(command.ApplicationId, SubmitApplicationDecision.Decide(command, time.GetUtcNow()));
}
