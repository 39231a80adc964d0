using Ledger.Api.Privacy;
using Ledger.Projections.Applications;
using Marten;

namespace Ledger.Api.Applications;

/// <summary>An application as an entitled caller reads it: the read model (references only) and the applicant's values from the vault.</summary>
public sealed record ApplicationDetails(ApplicationStatus Status, PartyView Applicant, string? WithdrawalReason);

public static class GetApplicationEndpoint
{
    [WolverineGet("/api/applications/{id}", OperationId = "getApplication")]
    [Tags("Applications")]
    [EndpointSummary("Read an application's status and timeline")]
    [EndpointDescription("The inline projection of one application stream, consistent with its last event, with the applicant as an entitled caller sees them. Readable by the channel it was submitted through, the agencies named on its matter, and administrators. Showing a person's values is a disclosure: it is recorded in the log as personal_data_disclosed.v1 with `purpose` (default: application-handling).")]
    [ProducesResponseType<ApplicationDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, string? purpose, ClaimsPrincipal user, IQuerySession session, PersonalData personalData, CancellationToken cancellation)
    {
        if (Disclosures.PurposeProblem(purpose) is { } problem)
        {
            return problem;
        }

        var status = await session.LoadAsync<ApplicationStatus>(id, cancellation);
        if (status is null)
        {
            return Problem.NotFoundResult("No such application.", $"There is no application {id}.");
        }

        var actor = AccessTokens.ActorOf(user);
        var involved = user.IsInRole(Roles.Admin)
            || string.Equals(status.SubmittedBy.Agency, actor.Agency, StringComparison.Ordinal)
            || status.Approvers.Contains(actor.Agency, StringComparer.Ordinal);
        if (!involved)
        {
            return Results.Problem(Problem.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your application.", "Only the channel it was submitted through and the agencies handling it read an application."));
        }

        var opened = await personalData.RevealAsync(
            [.. PersonalData.ValuesOf(status.Applicant), .. status.WithdrawalReason is { } recorded ? [recorded] : Array.Empty<Ledger.Domain.Privacy.Recorded>()], cancellation);
        var applicant = PersonalData.ViewOf(status.Applicant, opened);
        var reason = status.WithdrawalReason is { } withdrawal ? opened[withdrawal].Value : null;
        if (status.Applicant.Subject is { } subject && applicant.Name is not null)
        {
            string[] fields = [.. Disclosures.FieldsOf(status.Applicant), .. status.WithdrawalReason is null ? Array.Empty<string>() : ["withdrawalReason"]];
            await personalData.RecordDisclosureAsync(subject, "application/" + id, fields, purpose ?? Disclosures.DefaultPurpose, actor, cancellation);
        }

        return Results.Ok(new ApplicationDetails(status, applicant, reason));
    }
}
