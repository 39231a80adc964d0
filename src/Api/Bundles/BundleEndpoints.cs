using Ledger.Api.Hosting;
using Ledger.Api.Matters;
using Ledger.Api.Problems;
using Ledger.Api.Applications;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Projections.Applications;
using Ledger.Projections.Bundles;
using Marten;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Marten;

namespace Ledger.Api.Bundles;

public sealed record BundlePartInput(string MatterCode, IReadOnlyList<Material> Materials);

public sealed record SubmitBundleRequest(string Name, Applicant Applicant, IReadOnlyList<BundlePartInput> Parts)
{
    public sealed class Validator : AbstractValidator<SubmitBundleRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.Name).NotEmpty().MaximumLength(200);
            RuleFor(request => request.Applicant).NotNull().SetValidator(new ApplicantValidator(time));
            RuleFor(request => request.Parts).NotEmpty().MaxItems(MaxParts);
            RuleForEach(request => request.Parts).NotNull().SetValidator(new PartValidator());
        }
    }

    public const int MaxParts = 20;

    public sealed class PartValidator : AbstractValidator<BundlePartInput>
    {
        public PartValidator()
        {
            RuleFor(input => input.MatterCode).NotEmpty().MaximumLength(64);
            RuleFor(input => input.Materials).NotEmpty().MaxItems(MaterialValidator.MaxPerRequest);
            RuleForEach(input => input.Materials).NotNull().SetValidator(new MaterialValidator());
        }
    }
}

/// <summary>A bundle with each part's application as it stands now.</summary>
public sealed record BundleView(BundleStatus Bundle, IReadOnlyList<ApplicationStatus> Parts);

/// <summary>Bundles are saved by group commit (<see cref="GroupCommit"/>), as single submissions are.</summary>
public static class SubmitBundleEndpoint
{
    public static async Task<IReadOnlyDictionary<string, Standing<Matter>>> LoadAsync(SubmitBundleRequest request, IQuerySession session, StreamsInForce inForce, CancellationToken cancellation)
    {
        var matters = new Dictionary<string, Standing<Matter>>(StringComparer.Ordinal);
        foreach (var code in request.Parts.Select(part => part.MatterCode).Distinct(StringComparer.Ordinal))
        {
            if (await inForce.StandingMatterAsync(session, code, cancellation) is { } matter)
            {
                matters[code] = matter;
            }
        }

        return matters;
    }

    [WolverinePost("/api/bundles", OperationId = "submitBundle")]
    [Authorize(Roles = $"{Roles.Portal},{Roles.Officer}")]
    [Tags("Bundles")]
    [EndpointSummary("Submit a bundle (一件事)")]
    [EndpointDescription("One submission covering several matters, e.g. opening a restaurant: every part becomes an application of its own, fanned out to all its agencies at once; the bundle completes when every part does.")]
    [ProducesResponseType<BundleView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Submit(
        SubmitBundleRequest request, IReadOnlyDictionary<string, Standing<Matter>> matters, ClaimsPrincipal user, HttpContext context, GroupCommit commits,
        StreamsInForce inForce, PersonalData personalData, IQuerySession query, TimeProvider time)
    {
        Guid? bundleId = null;
        var written = await commits.SaveAsync(context, async recording =>
        {
            var applicant = await personalData.RecordAsync(recording.Session, request.Applicant, CancellationToken.None);
            var command = new SubmitBundle(
                Guid.CreateVersion7(), request.Name, applicant,
                [.. request.Parts.Select(part => new BundlePartRequest(Guid.CreateVersion7(), part.MatterCode, part.Materials))], AccessTokens.ActorOf(user));
            var (bundle, parts) = BundleDecisions.Decide(command, matters.ToDictionary(matter => matter.Key, matter => matter.Value.Definition, StringComparer.Ordinal), time.GetUtcNow());
            recording.Session.Events.StartStream<Bundle>(bundle.BundleId, bundle);
            foreach (var part in parts)
            {
                recording.Session.Events.StartStream<Application>(part.ApplicationId, part);
            }

            foreach (var matter in matters.Values)
            {
                inForce.Assert(recording.Session, matter);
            }

            bundleId = bundle.BundleId;
        });

        var location = "/api/bundles/" + bundleId;
        CommittedWrite.Mark(context, location);
        var view = await BundleQueries.View(bundleId!.Value, new CommittedViews(query, written), context.RequestAborted)
            ?? throw new InvalidOperationException($"The inline BundleStatus at {location} is missing after a write.");
        return Results.Created(location, view);
    }
}

public static class BundleQueries
{
    [WolverineGet("/api/bundles/{id}", OperationId = "getBundle")]
    [Tags("Bundles")]
    [EndpointSummary("Read a bundle and its parts")]
    [ProducesResponseType<BundleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await View(id, new CommittedViews(session, []), cancellation) is { } view
            ? Results.Ok(view)
            : Problem.NotFoundResult("No such bundle.", $"There is no bundle {id}.");

    internal static async Task<BundleView?> View(Guid id, CommittedViews session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<BundleStatus>(id, cancellation) is not { } bundle)
        {
            return null;
        }

        var parts = await session.LoadManyAsync<ApplicationStatus>([.. bundle.Parts.Select(part => part.ApplicationId)], cancellation);
        return new BundleView(bundle, [.. bundle.Parts.Select(part => parts.Single(status => status.Id == part.ApplicationId))]);
    }
}

public static class CheckBundleCompletionHandler
{
    /// <summary>Two parts completing at once both check the bundle; the loser of that race simply checks again.</summary>
    [AggregateHandler]
    [RetryNow(typeof(JasperFx.ConcurrencyException), 50, 250, 1000)]
    public static async Task<Events> Handle(CheckBundleCompletion command, Bundle bundle, IQuerySession session, TimeProvider time, CancellationToken cancellation)
    {
        var parts = await session.LoadManyAsync<ApplicationStatus>([.. bundle.Parts.Select(part => part.ApplicationId)], cancellation);
        var completed = parts.Where(part => string.Equals(part.Stage, nameof(ApplicationStage.Completed), StringComparison.Ordinal)).Select(part => part.Id).ToHashSet();
        return [.. BundleDecisions.Decide(bundle, command, completed, time.GetUtcNow())];
    }
}
