using JasperFx.Events;
using Ledger.Domain.Privacy;
using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace Ledger.Projections.Privacy;

/// <summary>What the ledger did with one subject's data: erased, or held under restriction until a date. No personal value.</summary>
public sealed record SubjectPrivacyRecord(Guid Id)
{
    public DateTimeOffset? ErasedAt { get; init; }

    public ErasureBasis? Basis { get; init; }

    public DateOnly? RestrictedUntil { get; init; }

    public string? Retention { get; init; }

    public long Version { get; init; }
}

public sealed class SubjectPrivacyProjection : SingleStreamProjection<SubjectPrivacyRecord, Guid>
{
    public static SubjectPrivacyRecord Create(IEvent<SubjectRestricted> restricted) =>
        new(restricted.StreamId) { Basis = restricted.Data.Basis, RestrictedUntil = restricted.Data.Until, Retention = restricted.Data.Retention };

    public static SubjectPrivacyRecord Create(IEvent<SubjectErased> erased) =>
        new(erased.StreamId) { Basis = erased.Data.Basis, ErasedAt = erased.Data.At };

    public static SubjectPrivacyRecord Apply(SubjectRestricted restricted, SubjectPrivacyRecord record) =>
        record with { Basis = restricted.Basis, RestrictedUntil = restricted.Until, Retention = restricted.Retention };

    public static SubjectPrivacyRecord Apply(SubjectErased erased, SubjectPrivacyRecord record) =>
        record with { Basis = erased.Basis, ErasedAt = erased.At, RestrictedUntil = null };
}

/// <summary>One disclosure of personal values, as auditors query them: whose (by subject id), what, to whom, why, when.</summary>
public sealed record DisclosureEntry(Guid Id, Guid SubjectId, string Record, IReadOnlyList<string> Fields, string Purpose, string Agency, string Officer, DateTimeOffset At, long Position);

public sealed partial class DisclosureLogProjection : EventProjection
{
    public static DisclosureEntry Create(IEvent<PersonalDataDisclosed> disclosed) =>
        new(disclosed.Id, disclosed.Data.SubjectId, disclosed.Data.Record, disclosed.Data.Fields, disclosed.Data.Purpose,
            disclosed.Data.By.Agency, disclosed.Data.By.Officer, disclosed.Data.At, disclosed.Sequence);
}
