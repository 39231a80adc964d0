using System.Text.Json.Serialization;
using Ledger.Domain.Applications;

namespace Ledger.Domain.Privacy;

/// <summary>
/// A value as the immutable record holds it: in the clear when it is public (an enterprise's name or credit code), or, when
/// it is personal, only whose it is (<see cref="Subject"/>) and a salted commitment to it; the value itself is in the vault,
/// where it can be erased without changing a byte of the log (specs/privacy.md).
/// </summary>
public sealed record Recorded(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Commitment)
{
    public static Recorded InClear(string value) => new(value, null, null);

    public static Recorded Sealed(Guid subject, string commitment) => new(null, subject, commitment);

    [JsonIgnore]
    public bool IsPersonal => Commitment is not null;
}

/// <summary>
/// An applicant or holder on record. An enterprise's name and unified social credit code are public registry data, in the
/// clear; a person's name, identity number and phone are <see cref="Recorded.Sealed"/> references under their subject.
/// </summary>
public sealed record PartyOnRecord(ApplicantKind Kind, Recorded Name, Recorded IdentityNumber)
{
    /// <summary>An enterprise, by its registered name and credit code: public registry data, in the clear.</summary>
    public static PartyOnRecord Enterprise(string name, string creditCode) =>
        new(ApplicantKind.Enterprise, Recorded.InClear(name.Trim()), Recorded.InClear(creditCode.Trim().ToUpperInvariant()));

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Recorded? Phone { get; init; }

    /// <summary>The person's subject id; null for an enterprise.</summary>
    [JsonIgnore]
    public Guid? Subject => IdentityNumber.Subject;
}
