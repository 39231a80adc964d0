using Ledger.Domain.Incidents;

namespace Ledger.Projections.Open311;

/// <summary>
/// The API key of one Open311 channel (a hotline's system, a district's app): only the SHA-256 of the key is kept, so a
/// copy of the database cannot report as the channel. Not a projection of events: keys are credentials, issued and revoked
/// by the city platform's administrators, and every case a channel reports records the channel as the actor.
/// </summary>
/// <param name="KeyHash">SHA-256 of the key's UTF-8 text (the base64url form the channel sends), lower-case hex.</param>
/// <param name="Source">The source its cases are recorded under.</param>
/// <param name="Agency">The agency that operates the city platform (the issuing administrator's): the agency its cases are reported by.</param>
public sealed record Open311Key(Guid Id, string Channel, CaseSource Source, string KeyHash, string Agency, string IssuedBy, DateTimeOffset IssuedAt)
{
    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }
}
