using Ledger.Domain.Calendar;
using System.Collections.Immutable;
using System.Security.Cryptography;
using CsCheck;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;
using static Ledger.Domain.Tests.Applications.ApplicationHistory;

namespace Ledger.Domain.Tests.Applications;

/// <summary>
/// Whatever commands arrive, from whoever, in whatever order, the deciders never let an application reach a state the
/// rules forbid: refused commands change nothing, and what is accepted keeps every invariant below.
/// </summary>
public sealed class RandomHistories : IDisposable
{
    private static readonly Actor[] Cast = [Citizen, OfficerOf(Market), OfficerOf(Health), OfficerOf(Fire), OfficerOf(Police)];
    private readonly ECDsa _sealKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Agency _market;

    public RandomHistories()
    {
        var key = new SealKey("seal-2026", SealAlgorithm.EcdsaP256Sha256, Convert.ToBase64String(_sealKey.ExportSubjectPublicKeyInfo()), Monday.AddDays(-30), Monday.AddYears(1), null);
        _market = new Agency(StreamIds.ForAgency(Market), Market, "上海市市场监督管理局", "黄浦", [], ImmutableDictionary<string, SealKey>.Empty.Add(key.KeyId, key));
    }

    public void Dispose() => _sealKey.Dispose();

    private static readonly Gen<(int Command, int Actor)[]> Histories = Gen.Select(Gen.Int[0, 9], Gen.Int[0, Cast.Length - 1]).Array[1, 30];

    [Fact]
    public void no_sequence_of_commands_breaks_the_application_invariants() =>
        Histories.Sample(steps =>
        {
            var state = Fold([Submitted()])!;
            var history = new List<object> { Submitted() };
            var now = Monday;
            foreach (var (command, actor) in steps)
            {
                now = now.AddHours(1);
                IReadOnlyList<object> decided;
                try
                {
                    decided = Decide(state, command, Cast[actor], now);
                }
                catch (RuleBroken)
                {
                    continue;
                }

                if (command == 9)
                {
                    // A certificate was issued: only ever for an approved application, and the application records it.
                    state.Stage.ShouldBe(ApplicationStage.Approved);
                }

                history.AddRange(decided);
                state = decided.Aggregate(state, (current, @event) => Application.Evolve(current, @event)!);
                Invariants(state, history);
            }
        }, iter: 3000);

    private IReadOnlyList<object> Decide(Application state, int command, Actor by, DateTimeOffset now) => command switch
    {
        0 => [ApplicationDecisions.Decide(state, new RequestSupplement(Id, 0, ["图"], "", by), now)],
        1 => [ApplicationDecisions.Decide(state, new SupplementApplication(Id, 0, [Material("图" + now.Ticks)], by), now)],
        2 => ApplicationDecisions.Decide(state, new AcceptApplication(Id, 0, by), WorkingCalendar.WeekendsOnly, now),
        3 => [ApplicationDecisions.Decide(state, new RejectApplication(Id, 0, "不予受理", by), now)],
        4 => ApplicationDecisions.Decide(state, new GrantApproval(Id, 0, "同意", by), now),
        5 => ApplicationDecisions.Decide(state, new DenyApproval(Id, 0, "不同意", by), now),
        6 => [ApplicationDecisions.Decide(state, new CompleteApplication(Id, 0, by), now)],
        7 => [ApplicationDecisions.Decide(state, new WithdrawApplication(Id, 0, Recorded.InClear("撤回"), by), now)],
        8 => ApplicationDecisions.Decide(state, new CheckApplicationDeadline(Id), now.AddDays(30)),
        _ => Issue(state, by, now),
    };

    private IReadOnlyList<object> Issue(Application state, Actor by, DateTimeOffset now)
    {
        var content = new CertificateContent(
            CertificateIdentifier.Create("JY", Market, now.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)[^12..], 1), "JY", Market,
            new Holder(ApplicantKind.Enterprise, state.Applicant.Name.Value!, state.Applicant.IdentityNumber.Value!),
            new Dictionary<string, string>(StringComparer.Ordinal), DateOnly.FromDateTime(now.UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime).AddYears(5), CertificateContent.NewNonce());
        var issued = CertificateDecisions.Decide(
            new IssueCertificate(Guid.NewGuid(), Id, content, Seal.Sign(content.Hash(), "seal-2026", _sealKey), by), CertificateOnRecord.ForEnterprise(content), _market, state, now);
        return [new ApplicationCertificateIssued(Id, issued.CertificateId, issued.Identifier, now)];
    }

    private static void Invariants(Application state, List<object> history)
    {
        if (state.Stage is ApplicationStage.Approved || history.OfType<ApplicationApproved>().Any())
        {
            state.Approvers.ShouldAllBe(approver => state.Verdicts.GetValueOrDefault(approver) == Verdict.Granted);
        }

        if (state.Stage == ApplicationStage.Denied)
        {
            state.Verdicts.Values.ShouldContain(Verdict.Denied);
        }

        state.Verdicts.Keys.ShouldAllBe(agency => state.Approvers.Contains(agency));
        if (state.Verdicts.Count > 0)
        {
            history.OfType<ApplicationAccepted>().ShouldHaveSingleItem();
        }

        var withdrawnAt = history.FindIndex(@event => @event is ApplicationWithdrawn);
        if (withdrawnAt >= 0)
        {
            var afterWithdrawal = history.Skip(withdrawnAt + 1).ToList();
            afterWithdrawal.OfType<ApprovalGranted>().ShouldBeEmpty();
            afterWithdrawal.OfType<ApprovalDenied>().ShouldBeEmpty();
            afterWithdrawal.OfType<ApplicationOverdue>().ShouldBeEmpty();
            afterWithdrawal.OfType<ApplicationCertificateIssued>().ShouldBeEmpty();
            state.Stage.ShouldBe(ApplicationStage.Withdrawn);
        }

        history.OfType<ApplicationCertificateIssued>().Count().ShouldBeLessThanOrEqualTo(1);
        history.OfType<ApplicationOverdue>().Count().ShouldBeLessThanOrEqualTo(1);
        if (state.Stage == ApplicationStage.Completed && history.OfType<ApplicationApproved>().Any())
        {
            history.OfType<ApplicationCertificateIssued>().ShouldHaveSingleItem();
        }
    }
}
