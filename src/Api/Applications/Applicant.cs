using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Privacy;

namespace Ledger.Api.Applications;

/// <summary>
/// Who applies, as the caller names them, in the clear: a request's part only, never recorded as it is. It becomes a
/// <see cref="Ledger.Domain.Privacy.PartyOnRecord"/> (a person's values sealed in the vault) before anything is recorded.
/// </summary>
/// <param name="IdentityNumber">Resident identity number (GB 11643) for a person, unified social credit code (GB 32100) for an enterprise.</param>
/// <param name="Phone">A contact phone; only a person gives one here (an enterprise's contact is in its registered details).</param>
public sealed record Applicant(ApplicantKind Kind, string Name, string IdentityNumber, string? Phone = null);

/// <summary>
/// A person by name and resident identity number (check character and date of birth checked), optionally a phone; an
/// enterprise by registered name and credit code (check character checked). Nothing reaches the vault or the log unless
/// all of it is valid.
/// </summary>
public sealed class ApplicantValidator : AbstractValidator<Applicant>
{
    public const int MaxEnterpriseNameLength = 200;

    public ApplicantValidator(TimeProvider time)
    {
        RuleFor(applicant => applicant.Kind).IsInEnum();
        RuleFor(applicant => applicant.Name).MaximumLength(MaxEnterpriseNameLength);
        RuleFor(applicant => applicant.IdentityNumber).MaximumLength(32);
        RuleFor(applicant => applicant.Phone).MaximumLength(20);
        When(applicant => applicant.Kind == ApplicantKind.Person, () =>
        {
            RuleFor(applicant => applicant.Name).Must(name => PersonName.Problem(name) is null)
                .WithMessage(applicant => PersonName.Problem(applicant.Name) ?? "");
            RuleFor(applicant => applicant.IdentityNumber)
                .Must(number => ResidentIdentityNumber.Problem(number, Today(time)) is null)
                .WithMessage(applicant => ResidentIdentityNumber.Problem(applicant.IdentityNumber, Today(time)) ?? "");
            RuleFor(applicant => applicant.Phone!).Must(PhoneNumber.IsValid).When(applicant => applicant.Phone is not null)
                .WithMessage(PhoneNumber.Format);
        });
        When(applicant => applicant.Kind == ApplicantKind.Enterprise, () =>
        {
            RuleFor(applicant => applicant.Name).NotEmpty().MaximumLength(MaxEnterpriseNameLength);
            RuleFor(applicant => applicant.IdentityNumber).Must(code => code is not null && UnifiedSocialCreditCode.IsValid(code.Trim().ToUpperInvariant()))
                .WithMessage("An enterprise is named by its 18-character unified social credit code (GB 32100) with a correct check character.");
            RuleFor(applicant => applicant.Phone).Null()
                .WithMessage("An enterprise's contact is in its registered details; only a person gives a phone here.");
        });
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
