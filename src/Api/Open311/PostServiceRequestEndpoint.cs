using System.Text.Json.Serialization;
using Ledger.Api.Privacy;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Domain.Privacy;
using Ledger.Projections.Open311;
using Marten;
using Wolverine.Marten;

using Severity = Ledger.Domain.Incidents.Severity;

namespace Ledger.Api.Open311;

/// <summary>The answer to a posted service request (GeoReport v2): the new case's id; the ledger keeps no client accounts.</summary>
public sealed record ServiceRequestCreated(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("account_id")] string? AccountId);

public static class PostServiceRequestEndpoint
{
    public const string Notice = "已收到，待城运中心立案";

    [WolverinePost("/open311/v2/requests.json", OperationId = "open311PostServiceRequest")]
    [AllowAnonymous]
    [Tags("Open311")]
    [EndpointSummary("Report a problem as an Open311 (GeoReport v2) service request")]
    [EndpointDescription("A form post (application/x-www-form-urlencoded) with a channel's `api_key` (403 when missing, unknown or revoked). It reports a case of category `service_code`, located by `attribute[district]`, `attribute[grid_cell]` and optionally `attribute[street]`, at `lat`/`long` or, without them, by district and grid cell alone. A reporter's `first_name`, `last_name`, `phone` and `email`, and any `address_string`, go to the vault: the event holds sealed references only; without them the report is anonymous. `media_url` is refused: send photos' SHA-256 as `attribute[attachment]`. `device_id` and `account_id` are ignored. Refusals are the standard's error list, a broken rule's stable code as the description.")]
    [ProducesResponseType<IReadOnlyList<ServiceRequestCreated>>(StatusCodes.Status201Created)]
    [ProducesResponseType<IReadOnlyList<Open311Error>>(StatusCodes.Status400BadRequest, "application/json")]
    [ProducesResponseType<IReadOnlyList<Open311Error>>(StatusCodes.Status403Forbidden, "application/json")]
    public static async Task<(CreatedView<IReadOnlyList<ServiceRequestCreated>>, IStartStream)> Post(
        HttpRequest http, IValidator<ServiceRequestForm> validator, IDocumentSession session, PersonalData personalData, TimeProvider time, CancellationToken cancellation)
    {
        var form = await ReadAsync(http, validator, cancellation);
        var channel = await ChannelAsync(session, form.ApiKey, cancellation);
        var category = await session.Events.FetchLatest<Category>(Category.StreamId(form.ServiceCode!), cancellation);
        var severity = form.Severity is { } named ? Enum.Parse<Severity>(named) : LowestSeverity(category);
        var location = form.Location(form.District!);
        var by = new Actor(channel.Agency, "open311:" + channel.Channel);

        // Judged once before anything reaches the vault, so a refused report leaves nothing there; judged again with the
        // sealed references, which is the decision that is recorded.
        CaseDecisions.Decide(Command(form, channel, severity, location, reporter: null, by), category, time.GetUtcNow());
        var (reporter, address) = await RecordPersonalAsync(form, session, personalData, cancellation);
        var reported = CaseDecisions.Decide(Command(form, channel, severity, location, reporter, by) with { GivenAddress = address }, category, time.GetUtcNow());

        IReadOnlyList<ServiceRequestCreated> created = [new(reported.CaseId.ToString(), Notice, null)];
        return (new CreatedView<IReadOnlyList<ServiceRequestCreated>>($"/open311/v2/requests/{reported.CaseId}.json", (_, _) => Task.FromResult<IReadOnlyList<ServiceRequestCreated>?>(created)),
            MartenOps.StartStream<Case>(reported.CaseId, reported));
    }

    private static ReportCase Command(ServiceRequestForm form, Open311Key channel, Severity severity, CaseLocation location, PartyOnRecord? reporter, Actor by) =>
        new(Guid.CreateVersion7(), channel.Source, form.ServiceCode!, severity, location, form.Description!, form.Attachments, reporter, by);

    private static async Task<ServiceRequestForm> ReadAsync(HttpRequest http, IValidator<ServiceRequestForm> validator, CancellationToken cancellation)
    {
        if (!http.HasFormContentType)
        {
            throw new Open311Refusal(StatusCodes.Status400BadRequest, "A service request is posted as application/x-www-form-urlencoded.");
        }

        var form = ServiceRequestForm.Read(await http.ReadFormAsync(cancellation));
        var result = await validator.ValidateAsync(form, cancellation);
        return result.IsValid
            ? form
            : throw new Open311Refusal(StatusCodes.Status400BadRequest, [.. result.Errors.Select(failure => failure.ErrorMessage).Distinct(StringComparer.Ordinal)]);
    }

    private static async Task<Open311Key> ChannelAsync(IQuerySession session, string? apiKey, CancellationToken cancellation)
    {
        var hash = apiKey is null ? null : Open311KeyEndpoints.HashOf(apiKey);
        var key = hash is null ? null : await session.Query<Open311Key>().SingleOrDefaultAsync(key => key.KeyHash == hash, cancellation);
        return key is { RevokedAt: null }
            ? key
            : throw new Open311Refusal(StatusCodes.Status403Forbidden, apiKey is null ? "api-key-missing" : key is null ? "api-key-unknown" : "api-key-revoked");
    }

    /// <summary>The lowest severity the category sets limits for; any severity when there is no such category (the decision then refuses the report).</summary>
    private static Severity LowestSeverity(Category? category) =>
        category?.Definition.Limits.Select(limits => limits.Severity).Order().FirstOrDefault() ?? Severity.Routine;

    private static async Task<(PartyOnRecord? Reporter, Recorded? Address)> RecordPersonalAsync(
        ServiceRequestForm form, IDocumentSession session, PersonalData personalData, CancellationToken cancellation)
    {
        if (!form.HasReporter && form.AddressString is null)
        {
            return (null, null);
        }

        List<(string Field, string Value)> values = [];
        if (form.HasReporter)
        {
            values.Add(("name", form.ReporterName is { } name ? PersonName.Normalise(name) : ""));
            values.Add(("contact", form.Contact ?? "none"));
            if (form.Phone is { } phone)
            {
                values.Add(("phone", PhoneNumber.Normalise(phone)));
            }
        }

        if (form.AddressString is { } given)
        {
            values.Add(("address", given));
        }

        var recorded = await personalData.RecordForContactAsync(session, form.HasReporter ? form.Contact : null, values, cancellation);
        var reporter = form.HasReporter
            ? new PartyOnRecord(ApplicantKind.Person, recorded[0], recorded[1]) { Phone = form.Phone is null ? null : recorded[2] }
            : null;
        return (reporter, form.AddressString is null ? null : recorded[^1]);
    }
}
