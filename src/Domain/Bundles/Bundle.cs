using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Bundles;

public sealed record BundlePart(Guid ApplicationId, string MatterCode);

/// <summary>One submission covering several matters (一件事, e.g. opening a restaurant); each part is an application of its own.</summary>
public sealed record BundleSubmitted(Guid BundleId, string Name, PartyOnRecord Applicant, IReadOnlyList<BundlePart> Parts, Actor By, DateTimeOffset At);

/// <summary>Every part of the bundle was completed (办结).</summary>
public sealed record BundleCompleted(Guid BundleId, DateTimeOffset At);

public sealed record Bundle(Guid Id, string Name, IReadOnlyList<BundlePart> Parts, bool Completed)
{
    public static Bundle? Evolve(Bundle? state, object @event) => (state, @event) switch
    {
        (null, BundleSubmitted submitted) => new Bundle(submitted.BundleId, submitted.Name, submitted.Parts, false),
        (not null, BundleCompleted) => state with { Completed = true },
        _ => state,
    };
}

public sealed record BundlePartRequest(Guid ApplicationId, string MatterCode, IReadOnlyList<Material> Materials);

public sealed record SubmitBundle(Guid BundleId, string Name, PartyOnRecord Applicant, IReadOnlyList<BundlePartRequest> Parts, Actor By);

/// <summary>Sent when a part of a bundle is completed: the bundle completes when every part has.</summary>
public sealed record CheckBundleCompletion(Guid BundleId);

public static class BundleDecisions
{
    /// <summary>The bundle's own event, and the submission of every part, each judged against its matter as in force now.</summary>
    public static (BundleSubmitted Bundle, IReadOnlyList<ApplicationSubmitted> Parts) Decide(SubmitBundle command, IReadOnlyDictionary<string, Matter> matters, DateTimeOffset now)
    {
        if (command.Parts.Count < 2)
        {
            throw new RuleBroken("bundle-too-small", "A bundle covers at least two matters; submit a single matter as an application.");
        }

        var repeated = command.Parts.GroupBy(part => part.MatterCode, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new RuleBroken("bundle-matter-repeated", $"Matter {repeated.Key} appears more than once in the bundle.");
        }

        var parts = command.Parts.Select(part =>
        {
            var matter = matters.GetValueOrDefault(part.MatterCode) ?? throw new RuleBroken("matter-unknown", $"There is no matter {part.MatterCode} in the catalogue.");
            return ApplicationDecisions.Decide(new SubmitApplication(part.ApplicationId, part.MatterCode, command.Applicant, part.Materials, command.By), matter, now) with
            {
                BundleId = command.BundleId,
            };
        }).ToList();
        return (new BundleSubmitted(command.BundleId, command.Name, command.Applicant, [.. command.Parts.Select(part => new BundlePart(part.ApplicationId, part.MatterCode))], command.By, now), parts);
    }

    /// <param name="completedParts">Which of the bundle's applications are completed now.</param>
    public static IReadOnlyList<object> Decide(Bundle bundle, CheckBundleCompletion command, IReadOnlySet<Guid> completedParts, DateTimeOffset now) =>
        !bundle.Completed && bundle.Parts.All(part => completedParts.Contains(part.ApplicationId))
            ? [new BundleCompleted(bundle.Id, now)]
            : [];
}
