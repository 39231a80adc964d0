using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Privacy;
using Ledger.Integrity.Privacy;
using Ledger.Projections.Certificates;
using Ledger.Projections.Privacy;
using Marten;
using Wolverine;

namespace Ledger.Api.Privacy;

/// <param name="Note">For the request only: it is not kept, because a note about one person's erasure tends to name them.</param>
public sealed record EraseSubjectRequest(string IdentityNumber, ErasureBasis LegalBasis, string? Note)
{
    public sealed class Validator : AbstractValidator<EraseSubjectRequest>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(request => request.IdentityNumber).MaximumLength(32)
                .Must(number => ResidentIdentityNumber.Problem(number, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is null)
                .WithMessage(request => ResidentIdentityNumber.Problem(request.IdentityNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) ?? "");
            RuleFor(request => request.LegalBasis).IsInEnum();
            RuleFor(request => request.Note).MaximumLength(1000);
        }
    }
}

/// <summary>The answer to an erasure: the subject whose data is gone (null when it was erased before: nothing links the person to it any more).</summary>
public sealed record ErasureReceipt(Guid? SubjectId, bool Erased, bool AlreadyErased, ErasureBasis LegalBasis, DateTimeOffset At);

/// <summary>Sent to itself for the day after a retention hold ends: the erasure asked for during the hold is then carried out.</summary>
public sealed record EraseSubjectWhenHoldEnds(Guid SubjectId, ErasureBasis Basis, Actor RequestedBy);

public static class ErasureEndpoints
{
    [WolverinePost("/api/privacy/erasures", OperationId = "eraseSubject")]
    [Authorize(Roles = Roles.ErasersAndAdmins)]
    [Tags("Privacy")]
    [EndpointSummary("Erase a person's data (PIPL art. 47)")]
    [EndpointDescription("Destroys the person's data key, values and salts in the vault and their identity-number lookup, and appends subject_erased.v1 (subject id, basis, by, at: nothing personal). Every proof, checkpoint and anchor keeps verifying: the log only ever held commitments. While a certificate of theirs is in force the data is under a legal retention hold: the answer is 409 `retention-hold` with the date, processing other than storage stops (subject_restricted.v1), and the erasure is carried out the day after the hold ends.")]
    [ProducesResponseType<ErasureReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Erase(EraseSubjectRequest request, ClaimsPrincipal user, IDocumentSession session, PersonalDataVault vault, IMessageBus bus, TimeProvider time, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var actor = AccessTokens.ActorOf(user);
        var identityNumber = ResidentIdentityNumber.Normalise(request.IdentityNumber);
        await session.BeginTransactionAsync(cancellation);
        var connection = session.Connection!;
        var subject = await vault.FindSubjectAsync(connection, identityNumber, cancellation);
        if (subject is null)
        {
            return await vault.WasErasedAsync(connection, identityNumber, cancellation)
                ? Results.Ok(new ErasureReceipt(null, true, true, request.LegalBasis, now))
                : Results.Problem(Problem.Create(StatusCodes.Status404NotFound, "subject-not-found", "The ledger holds no data of this person.",
                    "No application or certificate names a person with this identity number."));
        }

        if (await RetentionHold.UntilAsync(session, subject.Id, now, cancellation) is { } hold)
        {
            if (subject.RestrictedUntil != hold.Until)
            {
                await vault.RestrictAsync(connection, subject.Id, hold.Until, cancellation);
                session.Events.Append(subject.Id, new SubjectRestricted(subject.Id, request.LegalBasis, hold.Until, hold.Retention, actor, now));
                await bus.ScheduleAsync(new EraseSubjectWhenHoldEnds(subject.Id, request.LegalBasis, actor), RetentionHold.EndOf(hold.Until));
            }

            await session.SaveChangesAsync(cancellation);
            var problem = Problem.Create(StatusCodes.Status409Conflict, "retention-hold", "The person's data is under a legal retention hold.",
                $"{hold.Retention} Until {hold.Until:yyyy-MM-dd} it is only stored, never disclosed or processed; it is erased the day after.");
            problem.Extensions["subjectId"] = subject.Id;
            problem.Extensions["until"] = hold.Until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(problem);
        }

        await vault.EraseAsync(connection, subject.Id, cancellation);
        session.Events.Append(subject.Id, new SubjectErased(subject.Id, request.LegalBasis, actor, now));
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(new ErasureReceipt(subject.Id, true, false, request.LegalBasis, now));
    }

    [WolverineGet("/api/privacy/subjects/{id}", OperationId = "getSubjectPrivacy")]
    [Authorize(Roles = Roles.PrivacyReaders)]
    [Tags("Privacy")]
    [EndpointSummary("What the ledger did with one subject's data")]
    [EndpointDescription("Erased (when, on what basis) or under a retention hold (until when); nothing personal.")]
    [ProducesResponseType<SubjectPrivacyRecord>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Subject(Guid id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<SubjectPrivacyRecord>(id, cancellation) is { } record
            ? Results.Ok(record)
            : Problem.NotFoundResult("Nothing recorded for this subject.", $"No erasure or restriction is recorded for subject {id}.");

    [WolverineGet("/api/privacy/disclosures", OperationId = "findDisclosures")]
    [Authorize(Roles = Roles.PrivacyReaders)]
    [Tags("Privacy")]
    [EndpointSummary("Who was shown whose personal data, when and why")]
    [EndpointDescription("Every disclosure of a person's values, newest first, filtered by `subject`, `agency` or `record` (e.g. application/{id}); at most 500. Each is an event in the log (personal_data_disclosed.v1), so the record of disclosures is as tamper-evident as the rest.")]
    [ProducesResponseType<IReadOnlyList<DisclosureEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Disclosures(Guid? subject, string? agency, string? record, IQuerySession session, CancellationToken cancellation)
    {
        var query = session.Query<DisclosureEntry>().AsQueryable();
        if (subject is { } subjectId)
        {
            query = query.Where(entry => entry.SubjectId == subjectId);
        }

        if (!string.IsNullOrEmpty(agency))
        {
            query = query.Where(entry => entry.Agency == agency);
        }

        if (!string.IsNullOrEmpty(record))
        {
            query = query.Where(entry => entry.Record == record);
        }

        return Results.Ok(await query.OrderByDescending(entry => entry.Position).Take(500).ToListAsync(cancellation));
    }
}

public static class EraseSubjectWhenHoldEndsHandler
{
    public static async Task Handle(EraseSubjectWhenHoldEnds command, IDocumentSession session, PersonalDataVault vault, IMessageBus bus, TimeProvider time, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        await session.BeginTransactionAsync(cancellation);
        if (await vault.SubjectByIdAsync(session.Connection!, command.SubjectId, cancellation) is null)
        {
            return;
        }

        if (await RetentionHold.UntilAsync(session, command.SubjectId, now, cancellation) is { } hold)
        {
            await bus.ScheduleAsync(command, RetentionHold.EndOf(hold.Until));
            return;
        }

        await vault.EraseAsync(session.Connection!, command.SubjectId, cancellation);
        session.Events.Append(command.SubjectId, new SubjectErased(command.SubjectId, command.Basis, command.RequestedBy, now));
    }
}

/// <summary>
/// Which of a person's data has a legal retention period here: a certificate in force (neither revoked nor superseded,
/// and not past its last valid day) must stay verifiable and presentable by its issuer, so its holder's data is kept,
/// and only kept, until the certificate's last valid day.
/// </summary>
public static class RetentionHold
{
    public const string CertificateInForce = "A certificate issued to this person is in force; its holder's data is kept while it is.";

    public static async Task<(DateOnly Until, string Retention)?> UntilAsync(IQuerySession session, Guid subject, DateTimeOffset now, CancellationToken cancellation)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var inForce = await session.Query<CertificateRecord>()
            .Where(record => record.HolderSubject == subject && record.ValidUntil >= today
                && (record.Status == nameof(CertificateStatus.Valid) || record.Status == nameof(CertificateStatus.Suspended)))
            .Select(record => record.ValidUntil)
            .ToListAsync(cancellation);
        return inForce.Count == 0 ? null : (inForce.Max(), CertificateInForce);
    }

    /// <summary>The first moment after the hold: midnight UTC after its last day.</summary>
    public static DateTimeOffset EndOf(DateOnly until) => new(until.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
