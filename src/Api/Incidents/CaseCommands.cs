using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Incidents;

/// <summary>What every command endpoint on a case answers: the case as callers see it, the events, and the clock's next check.</summary>
public static class CaseCommands
{
    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Decided(Case before, params object[] decided) =>
        (new UpdatedView<CaseStatus>(), [.. decided], CaseClock.ChecksAfter(before, decided));

    public static (UpdatedView<CaseStatus>, Events, OutgoingMessages) Decided(Case before, IReadOnlyList<object> decided) =>
        Decided(before, [.. decided]);

    public static Actor By(ClaimsPrincipal user) => AccessTokens.ActorOf(user);
}
