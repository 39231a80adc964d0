using Ledger.Api.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Projections.Agencies;
using Ledger.Projections.Matters;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Ledger.Api.Matters;

public sealed class MatterDefinitionValidator : AbstractValidator<MatterDefinition>
{
    public MatterDefinitionValidator()
    {
        RuleFor(definition => definition.Name).NotEmpty().MaximumLength(200);
        RuleFor(definition => definition.LeadAgency).NotEmpty().Length(18);
        RuleFor(definition => definition.CoApprovers).NotNull().MaxItems(20);
        RuleForEach(definition => definition.CoApprovers).NotEmpty().Length(18);
        RuleFor(definition => definition.RequiredMaterials).NotNull().MaxItems(MaterialValidator.MaxPerRequest);
        RuleForEach(definition => definition.RequiredMaterials).NotEmpty().MaximumLength(200);
        RuleFor(definition => definition.PromisedDays).InclusiveBetween(1, 365);
        RuleFor(definition => definition.CertificateType).MaximumLength(32).Matches("^[0-9A-Za-z]+$").When(definition => definition.CertificateType is not null);
    }
}

public sealed record PublishMatterRequest(string Code, MatterDefinition Definition)
{
    public sealed class Validator : AbstractValidator<PublishMatterRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Code).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$");
            RuleFor(request => request.Definition).NotNull().SetValidator(new MatterDefinitionValidator());
        }
    }
}

public sealed record ReviseMatterRequest(long Version, MatterDefinition Definition)
{
    public sealed class Validator : AbstractValidator<ReviseMatterRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Definition).NotNull().SetValidator(new MatterDefinitionValidator());
        }
    }
}

public static class MatterEndpoints
{
    [WolverinePost("/api/matters", OperationId = "publishMatter")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Matters")]
    [EndpointSummary("Publish a matter (事项) in the catalogue")]
    [EndpointDescription("Revision 1 of the matter: its lead agency, co-approvers (parallel approval), required materials, promised time limit in days and the certificate type it produces.")]
    [ProducesResponseType<MatterCatalogueEntry>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(CreatedView<MatterCatalogueEntry>, IStartStream)> Publish(
        PublishMatterRequest request, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken cancellation)
    {
        var published = MatterDecisions.Decide(
            new PublishMatter(request.Code, request.Definition, AccessTokens.ActorOf(user)), await MatterAgencies.RegisteredAmong(session, request.Definition, cancellation), time.GetUtcNow());
        var matter = StreamIds.ForMatter(request.Code);
        return (CreatedView<MatterCatalogueEntry>.Of(matter, "/api/matters/" + request.Code), MartenOps.StartStream<Matter>(matter, published));
    }

    [WolverinePost("/api/matters/{code}/revisions", OperationId = "reviseMatter")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Matters")]
    [EndpointSummary("Revise a matter")]
    [EndpointDescription("A new revision; applications already submitted stay judged against the revision they were submitted under.")]
    [ProducesResponseType<MatterCatalogueEntry>(StatusCodes.Status200OK)]
    public static async Task<(UpdatedView<MatterCatalogueEntry>, Events)> Revise(
        ReviseMatterRequest request, [WriteAggregate(FromMethod = nameof(MatterId))] Matter matter, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken cancellation) =>
        (new UpdatedView<MatterCatalogueEntry>(), [MatterDecisions.Decide(
            matter, new ReviseMatter(matter.Code, request.Version, request.Definition, AccessTokens.ActorOf(user)),
            await MatterAgencies.RegisteredAmong(session, request.Definition, cancellation), time.GetUtcNow())]);

    public static Guid MatterId(string code) => StreamIds.ForMatter(code);

    [WolverineGet("/api/matters/{code}", OperationId = "getMatter")]
    [AllowAnonymous]
    [Tags("Matters")]
    [EndpointSummary("Read a matter at its current revision")]
    [ProducesResponseType<MatterCatalogueEntry>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<MatterCatalogueEntry>(StreamIds.ForMatter(code), cancellation) is { } entry ? Results.Ok(entry) : NotFound(code);

    [WolverineGet("/api/matters", OperationId = "listMatters")]
    [AllowAnonymous]
    [Tags("Matters")]
    [EndpointSummary("The matter catalogue")]
    public static async Task<IReadOnlyList<MatterCatalogueEntry>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<MatterCatalogueEntry>().OrderBy(entry => entry.Code).ToListAsync(cancellation);

    private static IResult NotFound(string code) => Problem.NotFoundResult("No such matter.", $"There is no matter {code} in the catalogue.");
}

public static class MatterAgencies
{
    public static async Task<IReadOnlySet<string>> RegisteredAmong(IQuerySession session, MatterDefinition definition, CancellationToken cancellation)
    {
        var named = new[] { definition.LeadAgency }.Concat(definition.CoApprovers).Select(StreamIds.ForAgency).ToArray();
        var registered = await session.LoadManyAsync<AgencyProfile>(cancellation, named);
        return registered.Select(agency => agency.CreditCode).ToHashSet(StringComparer.Ordinal);
    }
}
