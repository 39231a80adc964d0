using Ledger.Domain.Identity;
using System.Collections.Immutable;

namespace Ledger.Domain.Agencies;

public sealed record SealKey(string KeyId, string Algorithm, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, DateTimeOffset? RetiredAt)
{
    /// <summary>A key seals only inside its validity window and before it was retired.</summary>
    public bool IsValidAt(DateTimeOffset moment) =>
        moment >= ValidFrom && moment < ValidUntil && (RetiredAt is null || moment < RetiredAt);
}

public sealed record Agency(Guid Id, string CreditCode, string Name, string District, ImmutableArray<string> CertificateTypes, ImmutableDictionary<string, SealKey> SealKeys)
{
    public static Agency? Evolve(Agency? state, object @event) => (state, @event) switch
    {
        (null, AgencyRegistered registered) => new Agency(
            StreamIds.ForAgency(registered.CreditCode), registered.CreditCode, registered.Name, registered.District, [.. registered.CertificateTypes], ImmutableDictionary<string, SealKey>.Empty),
        (not null, SealKeyRegistered key) => state with
        {
            SealKeys = state.SealKeys.SetItem(key.KeyId, new SealKey(key.KeyId, key.Algorithm, key.PublicKey, key.ValidFrom, key.ValidUntil, null)),
        },
        (not null, SealKeyRetired retired) when state.SealKeys.TryGetValue(retired.KeyId, out var key) => state with
        {
            SealKeys = state.SealKeys.SetItem(retired.KeyId, key with { RetiredAt = retired.At }),
        },
        _ => state,
    };
}
