using Ledger.Api.Matters;
using Ledger.Api.Applications;
using Ledger.Api.Privacy;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Domain.Rules;
using Ledger.Projections.Incidents;
using Marten;
using Wolverine.Marten;

using Severity = Ledger.Domain.Incidents.Severity;

namespace Ledger.Api.Incidents;

/// <param name="Reporter">Who reported it, or null when anonymous: a person's name, identity number and phone go to the vault.</param>
/// <param name="Attachments">Photos and recordings, by SHA-256: the files stay where they were taken.</param>
public sealed record ReportCaseRequest(
    CaseSource Source,
    string CategoryCode,
    Severity Severity,
    CaseLocation Location,
    string Description,
    IReadOnlyList<string> Attachments,
    Applicant? Reporter = null)
{
    public sealed class Validator : AbstractValidator<ReportCaseRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.Source).IsInEnum();
            RuleFor(request => request.Severity).IsInEnum();
            RuleFor(request => request.CategoryCode).NotEmpty().MaximumLength(40);
            RuleFor(request => request.Location).NotNull().SetValidator(new CaseLocationValidator());
            RuleFor(request => request.Description).NotEmpty().MaximumLength(2000);
            RuleFor(request => request.Attachments).AreHashes();
            RuleFor(request => request.Reporter!).SetValidator(new ApplicantValidator(time)).When(request => request.Reporter is not null);
        }
    }
}

public sealed class CaseLocationValidator : AbstractValidator<CaseLocation>
{
    public CaseLocationValidator()
    {
        RuleFor(location => location.District).NotEmpty().Length(6);
        RuleFor(location => location.Street).NotEmpty().MaximumLength(100);
        RuleFor(location => location.GridCell).NotEmpty().MaximumLength(40);
    }
}

public sealed record CaseCreated(Guid Id, string Location, CaseStatus Status);

public static class ReportCaseEndpoint
{
    /// <summary>Who may report from which source: an inspector what they found, the hotline what citizens call about, the centre the rest.</summary>
    public static CaseSource[] SourcesOf(ClaimsPrincipal user) =>
    [
        .. user.IsInRole(Roles.Inspector) ? [CaseSource.GridInspector] : Array.Empty<CaseSource>(),
        .. user.IsInRole(Roles.Hotline) ? [CaseSource.Hotline12345] : Array.Empty<CaseSource>(),
        .. user.IsInRole(Roles.Centre) ? Enum.GetValues<CaseSource>() : [],
    ];

    [WolverinePost("/api/cases", OperationId = "reportCase")]
    [Authorize(Roles = $"{Roles.Inspector},{Roles.Hotline},{Roles.Centre}")]
    [Tags("Cases")]
    [EndpointSummary("Report a case (上报)")]
    [EndpointDescription("Starts a case stream under the category's revision in force now. A grid inspector reports as GridInspector, the 12345 hotline as Hotline12345, a command centre from any source (sensors, cameras, referrals). A person who reports is recorded by sealed references; their values go to the vault.")]
    [ProducesResponseType<CaseCreated>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<(CreatedView<CaseCreated>, IStartStream)> Post(
        ReportCaseRequest request, ClaimsPrincipal user, IDocumentSession session, StreamsInForce inForce, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        if (!SourcesOf(user).Contains(request.Source))
        {
            throw new RuleBroken("source-not-yours", $"A caller with this token does not report cases from {request.Source}.");
        }

        var category = await inForce.CategoryAsync(session, request.CategoryCode, cancellation);
        var reporter = request.Reporter is null ? null : await personalData.RecordAsync(session, request.Reporter, cancellation);
        var reported = CaseDecisions.Decide(
            new ReportCase(Guid.CreateVersion7(), request.Source, request.CategoryCode, request.Severity, request.Location, request.Description,
                request.Attachments, reporter, AccessTokens.ActorOf(user)),
            category,
            time.GetUtcNow());
        var location = "/api/cases/" + reported.CaseId;
        return (new CreatedView<CaseCreated>(location, async (query, cancel) =>
                await query.LoadAsync<CaseStatus>(reported.CaseId, cancel) is { } status ? new CaseCreated(reported.CaseId, location, status) : null),
            MartenOps.StartStream<Case>(reported.CaseId, reported));
    }
}
