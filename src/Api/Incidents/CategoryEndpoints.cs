using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using Ledger.Projections.Incidents;
using Marten;
using Wolverine.Marten;

namespace Ledger.Api.Incidents;

public sealed class CategoryDefinitionValidator : AbstractValidator<CategoryDefinition>
{
    public CategoryDefinitionValidator()
    {
        RuleFor(definition => definition.Name).NotEmpty().MaximumLength(100);
        RuleFor(definition => definition.DefaultDepartment).NotEmpty().Length(18);
        RuleFor(definition => definition.Limits).NotEmpty().MaxItems(3)
            .WithMessage("A category sets limits for each of at most three severities.");
        RuleForEach(definition => definition.Limits).NotNull().ChildRules(limits =>
        {
            limits.RuleFor(severity => severity.Severity).IsInEnum();
            limits.RuleFor(severity => severity.Acceptance).NotNull().SetValidator(new TimeLimitValidator());
            limits.RuleFor(severity => severity.Handling).NotNull().SetValidator(new TimeLimitValidator());
            limits.RuleFor(severity => severity.Verification).NotNull().SetValidator(new TimeLimitValidator());
        });
    }
}

public sealed class TimeLimitValidator : AbstractValidator<TimeLimit>
{
    public TimeLimitValidator()
    {
        RuleFor(limit => limit.Unit).IsInEnum();
        RuleFor(limit => limit.Amount).InclusiveBetween(1, 1000);
    }
}

public sealed record PublishCategoryRequest(string Code, CategoryDefinition Definition)
{
    public sealed class Validator : AbstractValidator<PublishCategoryRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Code).NotEmpty().MaximumLength(40);
            RuleFor(request => request.Definition).NotNull().SetValidator(new CategoryDefinitionValidator());
        }
    }
}

public sealed record ReviseCategoryRequest(long Version, CategoryDefinition Definition)
{
    public sealed class Validator : AbstractValidator<ReviseCategoryRequest>
    {
        public Validator()
        {
            RuleFor(request => request.Version).GreaterThanOrEqualTo(1);
            RuleFor(request => request.Definition).NotNull().SetValidator(new CategoryDefinitionValidator());
        }
    }
}

public static class CategoryEndpoints
{
    [WolverinePost("/api/incidents/categories", OperationId = "publishCategory")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Case categories")]
    [EndpointSummary("Publish a category of city problem")]
    [EndpointDescription("Revision 1: its name, the department responsible by default, and per severity the time limits to accept (签收), handle (处置) and verify (核查), in working hours or working days under the city's calendar.")]
    [ProducesResponseType<CategoryCatalogueEntry>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static (CreatedView<CategoryCatalogueEntry>, IStartStream) Publish(PublishCategoryRequest request, ClaimsPrincipal user, TimeProvider time)
    {
        var published = CategoryDecisions.Decide(new PublishCategory(request.Code, request.Definition, AccessTokens.ActorOf(user)), time.GetUtcNow());
        var category = Category.StreamId(request.Code);
        return (CreatedView<CategoryCatalogueEntry>.Of(category, "/api/incidents/categories/" + request.Code), MartenOps.StartStream<Category>(category, published));
    }

    [WolverinePost("/api/incidents/categories/{code}/revisions", OperationId = "reviseCategory")]
    [Authorize(Roles = Roles.Admin)]
    [Tags("Case categories")]
    [EndpointSummary("Revise a category")]
    [EndpointDescription("A new revision; cases already reported keep the limits of the revision they were reported under.")]
    [ProducesResponseType<CategoryCatalogueEntry>(StatusCodes.Status200OK)]
    public static (UpdatedView<CategoryCatalogueEntry>, Events) Revise(
        ReviseCategoryRequest request, [WriteAggregate(FromMethod = nameof(CategoryId))] Category category, ClaimsPrincipal user, TimeProvider time) =>
        (new UpdatedView<CategoryCatalogueEntry>(),
            [CategoryDecisions.Decide(category, new ReviseCategory(category.Code, request.Version, request.Definition, AccessTokens.ActorOf(user)), time.GetUtcNow())]);

    public static Guid CategoryId(string code) => Category.StreamId(code);

    [WolverineGet("/api/incidents/categories/{code}", OperationId = "getCategory")]
    [AllowAnonymous]
    [Tags("Case categories")]
    [EndpointSummary("Read a category at its current revision")]
    [ProducesResponseType<CategoryCatalogueEntry>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<CategoryCatalogueEntry>(Category.StreamId(code), cancellation) is { } entry
            ? Results.Ok(entry)
            : Problem.NotFoundResult("No such category.", $"There is no category {code} in the catalogue.");

    [WolverineGet("/api/incidents/categories", OperationId = "listCategories")]
    [AllowAnonymous]
    [Tags("Case categories")]
    [EndpointSummary("The category catalogue")]
    public static async Task<IReadOnlyList<CategoryCatalogueEntry>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<CategoryCatalogueEntry>().OrderBy(entry => entry.Code).ToListAsync(cancellation);
}
