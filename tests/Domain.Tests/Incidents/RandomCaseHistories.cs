using CsCheck;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Domain.Rules;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using Case = Ledger.Domain.Incidents.Case;

namespace Ledger.Domain.Tests.Incidents;

/// <summary>
/// Whatever commands arrive, from whoever, in whatever order and at whatever time, the deciders never let a case reach a
/// state the rules forbid; and the figures computed through the fold agree with a plain count over the events.
/// </summary>
public class RandomCaseHistories
{
    private const int Commands = 22;
    private static readonly Actor[] Cast = [Dispatcher, Inspector, Hotline, OfficerOf(Police), OfficerOf(Market), OfficerOf(Fire)];
    private static readonly TimeLimit ReopenWindow = TimeLimit.Days(5);

    /// <summary>
    /// Any command, by anyone; or, as often, the next step of the loop by whoever takes it (<see cref="NextInLoop"/>), so
    /// that histories get to the end of the loop and round it again (and requests get answered). Refusing to register ends a case at once: it comes up rarely.
    /// </summary>
    private static readonly Gen<int> Command = Gen.Frequency(
        (1, Gen.Const(1)), (60, Gen.Int[0, Commands - 1].Where(command => command != 1)), (25, Gen.Const(Commands)));
    private static readonly Gen<(int Command, int Actor, int Hours)[]> Steps = Gen.Select(Command, Gen.Int[0, Cast.Length - 1], Gen.Int[0, 30]).Array[1, 80];
    internal static readonly Gen<(bool Hotline, (int Command, int Actor, int Hours)[] Steps)> Cases = Gen.Select(Gen.Bool, Steps);

    [Fact]
    public void no_sequence_of_commands_breaks_the_case_invariants() =>
        Cases.Sample(generated =>
        {
            var history = new List<object>();
            foreach (var state in Play(generated.Hotline, generated.Steps, history))
            {
                Invariants(state, history);
            }
        }, iter: 3000);

    [Fact]
    public void the_figures_agree_with_a_plain_count_over_the_events() =>
        Gen.Select(Cases.Array[0, 8], Gen.Int[0, 400], Gen.Int[1, 600]).Sample(generated =>
        {
            var (cases, start, length) = generated;
            var histories = cases.Select(one =>
            {
                var history = new List<object>();
                _ = Play(one.Hotline, one.Steps, history).Count();
                return (IReadOnlyList<object>)history;
            }).ToList();
            var from = Monday.AddHours(start);
            var to = from.AddHours(length);

            CaseFigures.For(histories, from, to).ShouldBe(PlainCount(histories, from, to));
        }, iter: 1000);

    /// <summary>Applies the steps to a new case, appending what is decided to <paramref name="history"/>; yields the state after each accepted command.</summary>
    internal static IEnumerable<Case> Play(bool hotline, (int Command, int Actor, int Hours)[] steps, List<object> history)
    {
        var reported = Reported(hotline ? CaseSource.Hotline12345 : CaseSource.GridInspector);
        history.Add(reported);
        var state = Fold(history)!;
        var now = reported.At;
        foreach (var (command, actor, hours) in steps)
        {
            now = now.AddHours(hours);
            IReadOnlyList<object> decided;
            try
            {
                decided = command == Commands ? Decide(state, NextInLoop(state), now) : Decide(state, command, Playing(actor, state), now);
            }
            catch (RuleBroken)
            {
                continue;
            }

            history.AddRange(decided);
            state = decided.Aggregate(state, (current, @event) => Case.Evolve(current, @event)!);
            yield return state;
        }
    }

    /// <summary>The fourth of the cast is an officer of whichever department the case is dispatched to, so that department's turns come up often.</summary>
    private static Actor Playing(int actor, Case state) => actor == 3 && state.Department is { } department ? OfficerOf(department) : Cast[actor];

    private static (int Command, Actor By) NextInLoop(Case state) => state.Stage switch
    {
        CaseStage.Reported => (0, Dispatcher),
        CaseStage.AwaitingDispatch => (state.Dispatches % 2 == 0 ? 2 : 3, Dispatcher),
        CaseStage.Dispatched => (4, OfficerOf(state.Department!)),
        CaseStage.InHandling when state.PendingExtensionDays is not null => (8, Dispatcher),
        CaseStage.InHandling when state.PendingHold => (11, Dispatcher),
        CaseStage.InHandling => (14, OfficerOf(state.Department!)),
        CaseStage.OnHold => (13, Dispatcher),
        CaseStage.Handled => (15, Inspector),
        CaseStage.Verified => (17, Dispatcher),
        _ => (18, Hotline),
    };

    private static IReadOnlyList<object> Decide(Case state, (int Command, Actor By) next, DateTimeOffset now) => Decide(state, next.Command, next.By, now);

    private static IReadOnlyList<object> Decide(Case state, int command, Actor by, DateTimeOffset now) => command switch
    {
        0 => [CaseDecisions.Decide(state, new RegisterCase(Id, 0, by), now)],
        1 => [CaseDecisions.Decide(state, new RejectCase(Id, 0, "不予立案", by), now)],
        2 => [CaseDecisions.Decide(state, new DispatchCase(Id, 0, null, by), ShanghaiCalendar, now)],
        3 => [CaseDecisions.Decide(state, new DispatchCase(Id, 0, Market, by), ShanghaiCalendar, now)],
        4 => [CaseDecisions.Decide(state, new AcceptCase(Id, 0, by), ShanghaiCalendar, now)],
        5 => [CaseDecisions.Decide(state, new ReturnCase(Id, 0, "非本部门职责", by), ShanghaiCalendar, now)],
        6 => [CaseDecisions.Decide(state, new ArrangeJointHandling(Id, 0, state.Department ?? Police, [Fire], by), now)],
        7 => [CaseDecisions.Decide(state, new RequestExtension(Id, 0, "需协调", 2, by), now)],
        8 => [CaseDecisions.Decide(state, new ApproveExtension(Id, 0, by), ShanghaiCalendar, now)],
        9 => [CaseDecisions.Decide(state, new RefuseExtension(Id, 0, "可按期完成", by), now)],
        10 => [CaseDecisions.Decide(state, new RequestHold(Id, 0, "施工", by), now)],
        11 => [CaseDecisions.Decide(state, new ApproveHold(Id, 0, by), now)],
        12 => [CaseDecisions.Decide(state, new RefuseHold(Id, 0, "不属于长期工作", by), now)],
        13 => [CaseDecisions.Decide(state, new ResumeCase(Id, 0, by), ShanghaiCalendar, now)],
        14 => [CaseDecisions.Decide(state, new ReportHandling(Id, 0, "已处置", [], by), ShanghaiCalendar, now)],
        15 => [CaseDecisions.Decide(state, new VerifyCase(Id, 0, VerificationResult.Passed, "", [], by), ShanghaiCalendar, now)],
        16 => [CaseDecisions.Decide(state, new VerifyCase(Id, 0, VerificationResult.Failed, "", [], by), ShanghaiCalendar, now)],
        17 => [CaseDecisions.Decide(state, new CloseCase(Id, 0, by), now)],
        18 => CaseDecisions.Decide(state, new RecordCallback(Id, 0, (Satisfaction)(now.Hour % 3), "", by), ShanghaiCalendar, ReopenWindow, now),
        19 => [CaseDecisions.Decide(state, new ReopenCase(Id, 0, "问题复发", by), ShanghaiCalendar, ReopenWindow, now)],
        20 => [CaseDecisions.Decide(state, new SuperviseCase(Id, 0, "督办", by), now)],
        _ => state.CurrentDeadline is { } deadline
            ? CaseDecisions.Decide(state, new CheckCaseDeadline(Id, deadline.Kind, deadline.Due), ShanghaiCalendar, now)
            : [],
    };

    private static void Invariants(Case state, List<object> history)
    {
        // Closed only after a passed verification of the latest handling.
        foreach (var closing in history.Select((@event, index) => (@event, index)).Where(pair => pair.@event is CaseClosed))
        {
            history.Take(closing.index).Last(@event => @event is CaseDispatched or CaseAccepted or CaseHandled or VerificationPassed or VerificationFailed or CaseReopened)
                .ShouldBeOfType<VerificationPassed>();
        }

        // Dispatches are numbered 1, 2, …, and no dispatch is ever held by two departments, nor acted on by another.
        history.OfType<CaseDispatched>().Select(dispatched => dispatched.Dispatch).ShouldBe(Enumerable.Range(1, history.OfType<CaseDispatched>().Count()));
        var holders = history.Select(DispatchAndDepartment).OfType<(int Dispatch, string Department)>().ToList();
        holders.GroupBy(holder => holder.Dispatch).ShouldAllBe(group => group.Select(holder => holder.Department).Distinct().Count() == 1);
        history.Select(DepartmentAndActor).OfType<(string Department, Actor By)>().ShouldAllBe(acted => acted.Department == acted.By.Agency);

        // Nobody verifies their own handling.
        Actor? handler = null;
        foreach (var @event in history)
        {
            handler = @event is CaseHandled handled ? handled.By : handler;
            var inspector = @event switch { VerificationPassed passed => passed.By, VerificationFailed failed => failed.By, _ => null };
            (inspector is null || inspector != handler).ShouldBeTrue();
        }

        (state.CurrentDeadline is not null).ShouldBe(state.Stage is CaseStage.Dispatched or CaseStage.InHandling or CaseStage.Handled);
        if (state.Stage == CaseStage.Closed)
        {
            history.OfType<VerificationPassed>().ShouldNotBeEmpty();
        }
    }

    private static (int Dispatch, string Department)? DispatchAndDepartment(object @event) => @event switch
    {
        CaseDispatched dispatched => (dispatched.Dispatch, dispatched.Department),
        CaseAccepted accepted => (accepted.Dispatch, accepted.Department),
        CaseReturned returned => (returned.Dispatch, returned.Department),
        JointHandlingArranged joint => (joint.Dispatch, joint.Lead),
        ExtensionRequested requested => (requested.Dispatch, requested.Department),
        HoldRequested requested => (requested.Dispatch, requested.Department),
        CaseHandled handled => (handled.Dispatch, handled.Department),
        VerificationFailed failed => (failed.Dispatch, failed.Department),
        _ => null,
    };

    private static (string Department, Actor By)? DepartmentAndActor(object @event) => @event switch
    {
        CaseAccepted accepted => (accepted.Department, accepted.By),
        CaseReturned returned => (returned.Department, returned.By),
        ExtensionRequested requested => (requested.Department, requested.By),
        HoldRequested requested => (requested.Department, requested.By),
        CaseHandled handled => (handled.Department, handled.By),
        _ => null,
    };

    /// <summary>The figures counted straight from the events, without the fold, to check <see cref="CaseFigures"/> against.</summary>
    private static CasePerformance PlainCount(List<IReadOnlyList<object>> histories, DateTimeOffset from, DateTimeOffset to)
    {
        bool InPeriod(DateTimeOffset at) => at >= from && at < to;
        int due = 0, closed = 0, onTime = 0, dispatches = 0, returns = 0, extended = 0, callbacks = 0, satisfied = 0;
        var timesToClose = new List<TimeSpan>();
        foreach (var history in histories)
        {
            DateTimeOffset? registeredAt = null, handleBy = null, handledAt = null, closedAt = null;
            var onHold = false;
            var wasExtended = false;
            foreach (var @event in history.OfType<ICaseEvent>().Where(@event => @event.At < to))
            {
                switch (@event)
                {
                    case CaseRegistered: registeredAt = @event.At; break;
                    case CaseDispatched: dispatches += InPeriod(@event.At) ? 1 : 0; handleBy = null; handledAt = null; break;
                    case CaseReturned: returns += InPeriod(@event.At) ? 1 : 0; handleBy = null; handledAt = null; break;
                    case CaseAccepted accepted: handleBy = accepted.HandleBy; break;
                    case ExtensionApproved approved: handleBy = approved.HandleBy; wasExtended = true; break;
                    case HoldApproved: onHold = true; break;
                    case CaseResumed resumed: handleBy = resumed.HandleBy; onHold = false; break;
                    case CaseHandled: handledAt = @event.At; break;
                    case VerificationFailed failed: handleBy = failed.HandleBy; break;
                    case CaseClosed: closedAt = @event.At; break;
                    case CaseReopened: closedAt = null; handleBy = null; handledAt = null; break;
                    case CallbackRecorded callback:
                        callbacks += InPeriod(@event.At) ? 1 : 0;
                        satisfied += InPeriod(@event.At) && callback.Satisfaction != Satisfaction.Dissatisfied ? 1 : 0;
                        break;
                }
            }

            var dueAt = registeredAt is null || onHold ? null : closedAt is { } closing && closing < handleBy ? closing : handleBy;
            if (dueAt is not { } at || !InPeriod(at))
            {
                continue;
            }

            due++;
            extended += wasExtended ? 1 : 0;
            if (closedAt is { } closedOn)
            {
                closed++;
                onTime += handledAt <= handleBy ? 1 : 0;
                timesToClose.Add(closedOn - registeredAt!.Value);
            }
        }

        timesToClose.Sort();
        return new CasePerformance(
            due, closed, onTime, dispatches, returns, extended, callbacks, satisfied,
            timesToClose.Count == 0 ? null : TimeSpan.FromTicks((long)timesToClose.Average(time => time.Ticks)),
            timesToClose.Count == 0 ? null : timesToClose[(int)Math.Ceiling(timesToClose.Count * 0.9) - 1]);
    }
}
