using System.Text.RegularExpressions;
using Ledger.Domain.Agencies;
using Ledger.Domain.Identity;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Incidents;

/// <summary>The checks several case decisions share: whose turn it is, and in which stage.</summary>
public static partial class CaseDecisions
{
    private static void InStage(Case @case, CaseStage required)
    {
        if (@case.Stage != required)
        {
            throw new RuleBroken(OutOfTurn(@case.Stage, required), $"Case {@case.Id} is {@case.Stage}; this needs it {required}.");
        }
    }

    /// <summary>Why a command that needs <paramref name="required"/> comes out of turn: what the case is, or is not yet.</summary>
    private static string OutOfTurn(CaseStage actual, CaseStage required) => (actual, required) switch
    {
        (_, CaseStage.OnHold) => "case-not-on-hold",
        (_, CaseStage.Closed) when actual is not (CaseStage.Merged or CaseStage.NotRegistered or CaseStage.Reported) => "case-not-closed",
        (CaseStage.Closed, _) => "case-closed",
        (CaseStage.Merged, _) => "case-merged",
        (CaseStage.NotRegistered or CaseStage.Reported, _) => "case-not-registered",
        (CaseStage.OnHold, _) => "case-on-hold",
        _ when actual > required => required switch
        {
            CaseStage.Reported => "case-already-registered",
            CaseStage.AwaitingDispatch => "case-already-dispatched",
            CaseStage.Dispatched => "case-already-accepted",
            CaseStage.InHandling => "case-already-handled",
            _ => "case-already-verified",
        },
        _ => required switch
        {
            CaseStage.Dispatched => "case-not-dispatched",
            CaseStage.InHandling => actual == CaseStage.Dispatched ? "case-not-accepted" : "case-not-dispatched",
            CaseStage.Handled => "case-not-handled",
            _ => "not-verified",
        },
    };

    /// <summary>Only the department the case is dispatched to acts for it: not a supporting one, not the one it was before.</summary>
    private static string ByDepartment(Case @case, Actor by)
    {
        if (!string.Equals(@case.Department, by.Agency, StringComparison.Ordinal))
        {
            throw new RuleBroken("not-dispatched-department", $"Case {@case.Id} is dispatched to {@case.Department}, not to {by.Agency}.");
        }

        return @case.Department!;
    }

    private static void IsDepartment(string code)
    {
        if (!UnifiedSocialCreditCode.IsValid(code))
        {
            throw new RuleBroken("department-code-invalid", $"{code} is not a unified social credit code.");
        }
    }

    /// <summary>Photos and documents are known by their SHA-256, kept in lower-case hex, each once.</summary>
    private static List<string> Hashes(IReadOnlyList<string> hashes)
    {
        var invalid = hashes.FirstOrDefault(hash => !Sha256Hex().IsMatch(hash));
        if (invalid is not null)
        {
            throw new RuleBroken("hash-invalid", $"'{invalid}' is not a SHA-256 in hex.");
        }

        List<string> lowered = [.. hashes.Select(hash => hash.ToLowerInvariant())];
        if (lowered.Distinct(StringComparer.Ordinal).Count() != lowered.Count)
        {
            throw new RuleBroken("hash-listed-twice", "The same photo or document is listed more than once.");
        }

        return lowered;
    }

    private static void Stated(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RuleBroken($"{what}-missing", $"A {what} is required.");
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Sha256Hex();
}
