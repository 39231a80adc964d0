using System.Globalization;
using System.Net.Mail;
using Ledger.Domain.Incidents;
using Ledger.Domain.Privacy;

using Severity = Ledger.Domain.Incidents.Severity;

namespace Ledger.Api.Open311;

/// <summary>
/// A GeoReport v2 service request as a client posts it (application/x-www-form-urlencoded), read as text, parameter by
/// parameter; the names in the messages are the standard's. <c>device_id</c> and <c>account_id</c> are read and dropped:
/// the ledger needs neither, and a device's id is a person's data it has no use for.
/// </summary>
public sealed record ServiceRequestForm(
    string? ApiKey,
    string? ServiceCode,
    string? Latitude,
    string? Longitude,
    string? AddressString,
    string? Description,
    string? District,
    string? GridCell,
    string? Street,
    string? Severity,
    IReadOnlyList<string> Attachments,
    string? MediaUrl,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Phone)
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxAddressLength = 500;
    public const int MaxEmailLength = 254;
    public const int MaxAttachments = 20;

    public static ServiceRequestForm Read(IFormCollection form) => new(
        Text(form, "api_key"), Text(form, "service_code"), Text(form, "lat"), Text(form, "long"), Text(form, "address_string"), Text(form, "description"),
        Text(form, "attribute[district]"), Text(form, "attribute[grid_cell]"), Text(form, "attribute[street]"), Text(form, "attribute[severity]"),
        [.. form["attribute[attachment]"].Concat(form["attribute[attachment][]"])
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        Text(form, "media_url"), Text(form, "email"), Text(form, "first_name"), Text(form, "last_name"), Text(form, "phone"));

    public bool HasPosition => Latitude is not null || Longitude is not null;

    public bool HasReporter => FirstName is not null || LastName is not null || Phone is not null || Email is not null;

    /// <summary>The reporter's name as one text, given name first as the form lists them; null when neither part was given.</summary>
    public string? ReporterName => FirstName is null && LastName is null ? null : string.Join(' ', new[] { FirstName, LastName }.OfType<string>());

    /// <summary>What the vault knows the reporter by: their e-mail address, else their phone; null when they gave neither.</summary>
    public string? Contact => Email is { } email ? "email:" + email.ToLowerInvariant() : Phone is { } phone ? "phone:" + PhoneNumber.Normalise(phone) : null;

    public CaseLocation Location(string district) =>
        new(district, Street ?? "", GridCell ?? "", Coordinate(Latitude), Coordinate(Longitude));

    public static double? Coordinate(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? Text(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values is [{ } value, ..] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public sealed class Validator : AbstractValidator<ServiceRequestForm>
    {
        public Validator()
        {
            RuleFor(form => form.ServiceCode).NotNull().WithMessage("service_code is required.");
            RuleFor(form => form.Description).NotNull().WithMessage("description is required.")
                .MaximumLength(MaxDescriptionLength).WithMessage($"description is at most {MaxDescriptionLength} characters.");
            RuleFor(form => form).Must(form => form.HasPosition || form.AddressString is not null)
                .WithMessage("lat and long, or address_string, are required.").OverridePropertyName("lat");
            RuleFor(form => form.Latitude).Must(text => Coordinate(text) is not null).When(form => form.HasPosition)
                .WithMessage("lat is a decimal WGS84 latitude, given with long.");
            RuleFor(form => form.Longitude).Must(text => Coordinate(text) is not null).When(form => form.HasPosition)
                .WithMessage("long is a decimal WGS84 longitude, given with lat.");
            RuleFor(form => form.AddressString).MaximumLength(MaxAddressLength).WithMessage($"address_string is at most {MaxAddressLength} characters.");
            RuleFor(form => form.District).NotNull().WithMessage("attribute[district] is required.");
            RuleFor(form => form.GridCell).NotNull().WithMessage("attribute[grid_cell] is required.");
            RuleFor(form => form.Street).MaximumLength(100).WithMessage("attribute[street] is at most 100 characters.");
            RuleFor(form => form.Severity).Must(severity => Enum.TryParse<Severity>(severity, ignoreCase: false, out _) && !int.TryParse(severity, CultureInfo.InvariantCulture, out _))
                .When(form => form.Severity is not null).WithMessage("attribute[severity] is one of the values the service definition lists.");
            RuleFor(form => form.Attachments.Count).LessThanOrEqualTo(MaxAttachments).WithMessage($"At most {MaxAttachments} attribute[attachment] hashes.");
            RuleFor(form => form.MediaUrl).Null()
                .WithMessage("media_url is not accepted: the ledger keeps photos by their SHA-256; send each as attribute[attachment] (64 hex digits).");
            RuleFor(form => form.ReporterName).Must(name => PersonName.Problem(name) is null).When(form => form.ReporterName is not null)
                .WithMessage(form => "first_name/last_name: " + PersonName.Problem(form.ReporterName));
            RuleFor(form => form.Phone!).Must(PhoneNumber.IsValid).When(form => form.Phone is not null).WithMessage("phone: " + PhoneNumber.Format);
            RuleFor(form => form.Email).Must(email => email!.Length <= MaxEmailLength && MailAddress.TryCreate(email, out var parsed) && string.Equals(parsed.Address, email, StringComparison.Ordinal))
                .When(form => form.Email is not null).WithMessage("email is not an e-mail address.");
        }
    }
}
