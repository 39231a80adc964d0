using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;
using Ledger.Domain.Rules;

namespace Ledger.Domain.Applications;

public sealed record SubmitApplication(Guid ApplicationId, string MatterCode, PartyOnRecord Applicant, IReadOnlyList<Material> Materials, Actor By);

public sealed record RequestSupplement(Guid ApplicationId, long Version, IReadOnlyList<string> MissingMaterials, string Note, Actor By);

public sealed record SupplementApplication(Guid ApplicationId, long Version, IReadOnlyList<Material> Materials, Actor By);

public sealed record AcceptApplication(Guid ApplicationId, long Version, Actor By);

public sealed record RejectApplication(Guid ApplicationId, long Version, string Reason, Actor By);

public sealed record GrantApproval(Guid ApplicationId, long Version, string Opinion, Actor By);

public sealed record DenyApproval(Guid ApplicationId, long Version, string Reason, Actor By);

public sealed record CompleteApplication(Guid ApplicationId, long Version, Actor By);

public sealed record WithdrawApplication(Guid ApplicationId, long Version, Recorded Reason, Actor By);

/// <summary>Sent to itself at an application's deadline; marks the application overdue if it is still open then.</summary>
public sealed record CheckApplicationDeadline(Guid ApplicationId);

public static class ApplicationDecisions
{
    public static ApplicationSubmitted Decide(SubmitApplication command, Matter matter, DateTimeOffset now)
    {
        NoMaterialTwice(command.Materials, []);
        return new ApplicationSubmitted(
            command.ApplicationId, matter.Code, matter.Revision, matter.Definition, command.Applicant, Normalised(command.Materials), command.By, now);
    }

    public static SupplementRequested Decide(Application application, RequestSupplement command, DateTimeOffset now)
    {
        ByLeadAgency(application, command.By, "request supplementary materials");
        InStage(application, ApplicationStage.Submitted, "application-not-awaiting-acceptance", "Supplementary materials are requested before acceptance");
        return new SupplementRequested(application.Id, command.MissingMaterials, command.Note, command.By, now);
    }

    public static ApplicationSupplemented Decide(Application application, SupplementApplication command, DateTimeOffset now)
    {
        ByApplicant(application, command.By, "supplement");
        InStage(application, ApplicationStage.SupplementRequested, "supplement-not-requested", "Materials are supplemented only when asked for");
        NoMaterialTwice(command.Materials, application.Materials);
        return new ApplicationSupplemented(application.Id, Normalised(command.Materials), command.By, now);
    }

    /// <summary>The promised time limit counts working days under <paramref name="calendar"/>, from the day after acceptance.</summary>
    public static IReadOnlyList<object> Decide(Application application, AcceptApplication command, WorkingCalendar calendar, DateTimeOffset now)
    {
        ByLeadAgency(application, command.By, "accept");
        InStage(application, ApplicationStage.Submitted, "application-not-awaiting-acceptance", "Only a submitted application awaiting acceptance is accepted");
        return
        [
            new ApplicationAccepted(application.Id, calendar.Deadline(now, TimeLimit.Days(application.Matter.PromisedDays)), command.By, now),
            new ApprovalsRequested(application.Id, application.Approvers, command.By, now),
        ];
    }

    public static ApplicationNotAccepted Decide(Application application, RejectApplication command, DateTimeOffset now)
    {
        ByLeadAgency(application, command.By, "refuse to accept");
        if (application.Stage is not (ApplicationStage.Submitted or ApplicationStage.SupplementRequested))
        {
            throw new RuleBroken("application-not-awaiting-acceptance", $"Application {application.Id} is {application.Stage}, not awaiting acceptance.");
        }

        return new ApplicationNotAccepted(application.Id, command.Reason, command.By, now);
    }

    public static IReadOnlyList<object> Decide(Application application, GrantApproval command, DateTimeOffset now)
    {
        var agency = ApproverFor(application, command.By);
        var granted = new ApprovalGranted(application.Id, agency, command.Opinion, command.By, now);
        var allGranted = application.Approvers.All(approver =>
            string.Equals(approver, agency, StringComparison.Ordinal) || application.Verdicts.TryGetValue(approver, out var verdict) && verdict == Verdict.Granted);
        return allGranted ? [granted, new ApplicationApproved(application.Id, now)] : [granted];
    }

    public static IReadOnlyList<object> Decide(Application application, DenyApproval command, DateTimeOffset now)
    {
        var agency = ApproverFor(application, command.By);
        return
        [
            new ApprovalDenied(application.Id, agency, command.Reason, command.By, now),
            new ApplicationDenied(application.Id, agency, command.Reason, now),
        ];
    }

    public static ApplicationCompleted Decide(Application application, CompleteApplication command, DateTimeOffset now)
    {
        ByLeadAgency(application, command.By, "complete");
        if (application.Stage is not (ApplicationStage.Approved or ApplicationStage.Denied))
        {
            throw new RuleBroken("application-not-decided", $"Application {application.Id} is {application.Stage}; only a decided application is completed.");
        }

        if (application is { Stage: ApplicationStage.Approved, Matter.CertificateType: { } type, CertificateId: null })
        {
            throw new RuleBroken("certificate-not-issued", $"Matter {application.MatterCode} produces a {type} certificate; issue it before completing the application.");
        }

        return new ApplicationCompleted(application.Id, command.By, now);
    }

    public static ApplicationWithdrawn Decide(Application application, WithdrawApplication command, DateTimeOffset now)
    {
        MayWithdraw(application, command.By);
        return new ApplicationWithdrawn(application.Id, command.Reason, command.By, now);
    }

    /// <summary>The withdrawal rules alone, checked before the applicant's reason is sealed into the vault.</summary>
    public static void MayWithdraw(Application application, Actor by)
    {
        ByApplicant(application, by, "withdraw");
        if (!application.IsOpen)
        {
            throw new RuleBroken("application-not-open", $"Application {application.Id} is {application.Stage}; it can be withdrawn only before a decision.");
        }
    }

    /// <summary>Nothing to append when the application was decided or withdrawn in time, or already marked.</summary>
    public static IReadOnlyList<object> Decide(Application application, CheckApplicationDeadline command, DateTimeOffset now) =>
        application is { IsOpen: true, Overdue: false, DueAt: { } dueAt } && now >= dueAt
            ? [new ApplicationOverdue(application.Id, dueAt, now)]
            : [];

    private static string ApproverFor(Application application, Actor by)
    {
        if (application.Stage != ApplicationStage.UnderApproval)
        {
            throw new RuleBroken("application-not-under-approval", $"Application {application.Id} is {application.Stage}; approvals are given only after acceptance and before a decision.");
        }

        if (!application.Approvers.Contains(by.Agency, StringComparer.Ordinal))
        {
            throw new RuleBroken("agency-not-an-approver", $"Agency {by.Agency} is not named on matter {application.MatterCode} as an approver.");
        }

        if (application.Verdicts.ContainsKey(by.Agency))
        {
            throw new RuleBroken("approval-already-given", $"Agency {by.Agency} has already given its verdict on application {application.Id}.");
        }

        return by.Agency;
    }

    private static void ByLeadAgency(Application application, Actor by, string act)
    {
        if (!string.Equals(application.Matter.LeadAgency, by.Agency, StringComparison.Ordinal))
        {
            throw new RuleBroken("not-lead-agency", $"Only the lead agency {application.Matter.LeadAgency} may {act} application {application.Id}.");
        }
    }

    private static void ByApplicant(Application application, Actor by, string act)
    {
        if (!string.Equals(application.SubmittedBy.Agency, by.Agency, StringComparison.Ordinal))
        {
            throw new RuleBroken("not-applicant", $"Only the applicant, through {application.SubmittedBy.Agency} where it applied, may {act}.");
        }
    }

    private static void InStage(Application application, ApplicationStage stage, string code, string rule)
    {
        if (application.Stage != stage)
        {
            throw new RuleBroken(code, $"{rule}; application {application.Id} is {application.Stage}.");
        }
    }

    private static void NoMaterialTwice(IReadOnlyList<Material> materials, IEnumerable<Material> alreadyHeld)
    {
        var repeated = materials.Concat(alreadyHeld)
            .GroupBy(material => material.Sha256, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new RuleBroken("material-submitted-twice", $"The same material (SHA-256 {repeated.Key.ToLowerInvariant()}) is listed {repeated.Count()} times.");
        }
    }

    private static List<Material> Normalised(IEnumerable<Material> materials) =>
        [.. materials.Select(material => material with { Sha256 = material.Sha256.ToLowerInvariant() })];
}
