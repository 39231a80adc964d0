using JasperFx.Events;
using Ledger.Domain.Agencies;
using Marten.Events.Aggregation;

namespace Ledger.Projections.Agencies;

public sealed record SealKeyProfile(string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, DateTimeOffset? RetiredAt);

/// <summary>An agency as the public sees it: who it is, what it may issue, and the public halves of its seal keys.</summary>
public sealed record AgencyProfile(Guid Id, string CreditCode, string Name, string District, IReadOnlyList<string> CertificateTypes, IReadOnlyList<SealKeyProfile> SealKeys)
{
    public long Version { get; init; }
}

public sealed class AgencyProfileProjection : SingleStreamProjection<AgencyProfile, Guid>
{
    public static AgencyProfile Create(IEvent<AgencyRegistered> registered) =>
        new(registered.StreamId, registered.Data.CreditCode, registered.Data.Name, registered.Data.District, registered.Data.CertificateTypes, []);

    public static AgencyProfile Apply(SealKeyRegistered key, AgencyProfile profile) =>
        profile with { SealKeys = [.. profile.SealKeys, new SealKeyProfile(key.KeyId, key.Algorithm, key.PublicKey, key.ValidFrom, key.ValidUntil, null)] };

    public static AgencyProfile Apply(SealKeyRetired retired, AgencyProfile profile) =>
        profile with
        {
            SealKeys = [.. profile.SealKeys.Select(key => string.Equals(key.KeyId, retired.KeyId, StringComparison.Ordinal) ? key with { RetiredAt = retired.At } : key)],
        };
}
