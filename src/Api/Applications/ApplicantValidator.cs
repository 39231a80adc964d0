using FluentValidation;
using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Privacy;

namespace Ledger.Api.Applications;

/// <summary>
/// Who applies: a person by name and resident identity number (GB 11643, check character and date of birth checked),
/// optionally a phone; an enterprise by registered name and unified social credit code (GB 32100). Nothing reaches the
/// vault or the log unless all of it is valid.
/// </summary>
public sealed class ApplicantValidator : AbstractValidator<Applicant>
{
    public const int MaxEnterpriseNameLength = 200;

    public ApplicantValidator(TimeProvider time)
    {
        RuleFor(applicant => applicant.Kind).IsInEnum();
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
