using Ledger.Domain.Identity;

namespace Ledger.Domain.Incidents;

/// <summary>
/// The case events of a log, grouped by case stream in log order, for <see cref="CityOverviews.At"/>. Each event is kept only
/// as far as the figures read it: free text, evidence and the reporter are dropped, and the strings, actors and category
/// definitions that a million events repeat are shared. The server and an auditor's command line both gather events here,
/// so the figures they compute are of the same histories.
/// </summary>
public sealed class CaseHistories
{
    private readonly Dictionary<Guid, List<object>> cases = [];
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<Actor, Actor> actors = [];
    private readonly Dictionary<(string Code, int Revision), CategoryDefinition> categories = [];

    public int Cases => cases.Count;

    public long Events { get; private set; }

    public IEnumerable<IReadOnlyList<object>> All => cases.Values;

    /// <summary>Adds the next event of the case stream <paramref name="stream"/>, in log order.</summary>
    public void Add(Guid stream, ICaseEvent @event)
    {
        if (!cases.TryGetValue(stream, out var history))
        {
            cases[stream] = history = new List<object>(8);
        }

        history.Add(Lean(@event));
        Events++;
    }

    private object Lean(ICaseEvent @event) => @event switch
    {
        CaseReported reported => reported with
        {
            CategoryCode = Shared(reported.CategoryCode),
            Category = Shared(reported.CategoryCode, reported.CategoryRevision, reported.Category),
            Location = reported.Location with { District = Shared(reported.Location.District), Street = "", GridCell = Shared(reported.Location.GridCell) },
            Description = "",
            Attachments = [],
            Reporter = null,
            By = Shared(reported.By),
        },
        CaseDispatched dispatched => dispatched with { Department = Shared(dispatched.Department), By = Shared(dispatched.By) },
        CaseAccepted accepted => accepted with { Department = Shared(accepted.Department), By = Shared(accepted.By) },
        CaseReturned returned => returned with { Department = Shared(returned.Department), Reason = "", By = Shared(returned.By) },
        JointHandlingArranged joint => joint with { Lead = Shared(joint.Lead), Supporting = [.. joint.Supporting.Select(Shared)], By = Shared(joint.By) },
        ExtensionRequested requested => requested with { Department = Shared(requested.Department), Reason = "", By = Shared(requested.By) },
        HoldRequested requested => requested with { Department = Shared(requested.Department), Reason = "", By = Shared(requested.By) },
        CaseHandled handled => handled with { Department = Shared(handled.Department), Result = "", Evidence = [], By = Shared(handled.By) },
        _ => LeanAfterHandling(@event),
    };

    private object LeanAfterHandling(ICaseEvent @event) => @event switch
    {
        VerificationPassed passed => passed with { Note = "", Evidence = [], By = Shared(passed.By) },
        VerificationFailed failed => failed with { Department = Shared(failed.Department), Note = "", Evidence = [], By = Shared(failed.By) },
        CallbackRecorded callback => callback with { Note = "", By = Shared(callback.By) },
        CaseNotRegistered rejected => rejected with { Reason = "", By = Shared(rejected.By) },
        ExtensionRefused refused => refused with { Reason = "", By = Shared(refused.By) },
        HoldRefused refused => refused with { Reason = "", By = Shared(refused.By) },
        CaseReopened reopened => reopened with { Reason = "", By = Shared(reopened.By) },
        CaseSupervised supervised => supervised with { Reason = "", By = Shared(supervised.By) },
        _ => @event,
    };

    private string Shared(string text)
    {
        if (!strings.TryGetValue(text, out var shared))
        {
            strings[text] = shared = text;
        }

        return shared;
    }

    private Actor Shared(Actor actor)
    {
        if (!actors.TryGetValue(actor, out var shared))
        {
            actors[actor] = shared = actor;
        }

        return shared;
    }

    /// <summary>A category's revision is published once: its definition is the same in every case reported under it.</summary>
    private CategoryDefinition Shared(string code, int revision, CategoryDefinition category)
    {
        if (!categories.TryGetValue((code, revision), out var shared))
        {
            categories[(code, revision)] = shared = category;
        }

        return shared;
    }
}
