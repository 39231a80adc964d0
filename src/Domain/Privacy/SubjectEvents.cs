using System.Text.Json.Serialization;
using Ledger.Domain.Identity;

namespace Ledger.Domain.Privacy;

/// <summary>Why a person's data is erased: the grounds of PIPL art. 47.</summary>
public enum ErasureBasis
{
    [JsonStringEnumMemberName("purpose-achieved")]
    PurposeAchieved,
    [JsonStringEnumMemberName("consent-withdrawn")]
    ConsentWithdrawn,
    [JsonStringEnumMemberName("retention-ended")]
    RetentionEnded,
    [JsonStringEnumMemberName("unlawful-processing")]
    UnlawfulProcessing,
    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>The subject's data key, values and salts were destroyed and their lookup removed. Nothing personal: the id is random.</summary>
public sealed record SubjectErased(Guid SubjectId, ErasureBasis Basis, Actor By, DateTimeOffset At);

/// <summary>
/// Erasure was asked for while a legal retention period runs: until <paramref name="Until"/> the data is only stored
/// (PIPL art. 47, second paragraph), never disclosed or processed, and then erased.
/// </summary>
public sealed record SubjectRestricted(Guid SubjectId, ErasureBasis Basis, DateOnly Until, string Retention, Actor By, DateTimeOffset At);

/// <summary>
/// Personal values of <paramref name="SubjectId"/> were disclosed to <paramref name="By"/>: which fields of which record,
/// for what purpose. The values themselves never enter the log; this record of the disclosure does.
/// </summary>
/// <param name="Record">What was read, e.g. <c>application/{id}</c> or <c>certificate/{id}</c>.</param>
public sealed record PersonalDataDisclosed(Guid SubjectId, string Record, IReadOnlyList<string> Fields, string Purpose, Actor By, DateTimeOffset At);
