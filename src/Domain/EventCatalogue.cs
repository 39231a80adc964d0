using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Certificates;
using Ledger.Domain.Incidents;
using Ledger.Domain.Log;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;

namespace Ledger.Domain;

/// <summary>
/// The stable, versioned name under which each event is stored and published. A CLR type may be renamed;
/// its stored name never changes. A test checks that every event in Domain has exactly one such name. When an event's shape
/// changes its version goes up (application_submitted.v2 holds sealed references where v1 held a person's values); the
/// v1 shapes were retired before any production data existed, so there is nothing to upcast.
/// </summary>
public static class EventCatalogue
{
    public static IReadOnlyDictionary<Type, string> Names { get; } = new Dictionary<Type, string>
    {
        [typeof(AgencyRegistered)] = "agency_registered.v1",
        [typeof(SealKeyRegistered)] = "seal_key_registered.v1",
        [typeof(SealKeyRetired)] = "seal_key_retired.v1",
        [typeof(MatterPublished)] = "matter_published.v1",
        [typeof(MatterRevised)] = "matter_revised.v1",
        [typeof(ApplicationSubmitted)] = "application_submitted.v2",
        [typeof(SupplementRequested)] = "supplement_requested.v1",
        [typeof(ApplicationSupplemented)] = "application_supplemented.v1",
        [typeof(ApplicationAccepted)] = "application_accepted.v1",
        [typeof(ApplicationNotAccepted)] = "application_not_accepted.v1",
        [typeof(ApprovalsRequested)] = "approvals_requested.v1",
        [typeof(ApprovalGranted)] = "approval_granted.v1",
        [typeof(ApprovalDenied)] = "approval_denied.v1",
        [typeof(ApplicationApproved)] = "application_approved.v1",
        [typeof(ApplicationDenied)] = "application_denied.v1",
        [typeof(ApplicationCompleted)] = "application_completed.v1",
        [typeof(ApplicationWithdrawn)] = "application_withdrawn.v2",
        [typeof(ApplicationOverdue)] = "application_overdue.v1",
        [typeof(ApplicationCertificateIssued)] = "application_certificate_issued.v1",
        [typeof(CertificateIssued)] = "certificate_issued.v2",
        [typeof(CertificateSuspended)] = "certificate_suspended.v1",
        [typeof(CertificateReinstated)] = "certificate_reinstated.v1",
        [typeof(CertificateRevoked)] = "certificate_revoked.v1",
        [typeof(CertificateSuperseded)] = "certificate_superseded.v1",
        [typeof(ConsentGranted)] = "consent_granted.v1",
        [typeof(ConsentWithdrawn)] = "consent_withdrawn.v1",
        [typeof(CertificateUsed)] = "certificate_used.v1",
        [typeof(BundleSubmitted)] = "bundle_submitted.v2",
        [typeof(BundleCompleted)] = "bundle_completed.v1",
        [typeof(SubjectErased)] = "subject_erased.v1",
        [typeof(SubjectRestricted)] = "subject_restricted.v1",
        [typeof(PersonalDataDisclosed)] = "personal_data_disclosed.v1",
        [typeof(CheckpointSigned)] = "checkpoint_signed.v1",
        [typeof(AnchorSubmitted)] = "anchor_submitted.v1",
        [typeof(AnchorConfirmed)] = "anchor_confirmed.v1",
        [typeof(AnchorAbandoned)] = "anchor_abandoned.v1",
        [typeof(CategoryPublished)] = "incident_category_published.v1",
        [typeof(CategoryRevised)] = "incident_category_revised.v1",
        [typeof(CaseReported)] = "case_reported.v1",
        [typeof(CaseRegistered)] = "case_registered.v1",
        [typeof(CaseNotRegistered)] = "case_not_registered.v1",
        [typeof(CaseMerged)] = "case_merged.v1",
        [typeof(DuplicateCaseNoted)] = "duplicate_case_noted.v1",
        [typeof(CaseDispatched)] = "case_dispatched.v1",
        [typeof(CaseAccepted)] = "case_accepted.v1",
        [typeof(CaseReturned)] = "case_returned.v1",
        [typeof(JointHandlingArranged)] = "joint_handling_arranged.v1",
        [typeof(ExtensionRequested)] = "extension_requested.v1",
        [typeof(ExtensionApproved)] = "extension_approved.v1",
        [typeof(ExtensionRefused)] = "extension_refused.v1",
        [typeof(HoldRequested)] = "hold_requested.v1",
        [typeof(HoldApproved)] = "hold_approved.v1",
        [typeof(HoldRefused)] = "hold_refused.v1",
        [typeof(CaseResumed)] = "case_resumed.v1",
        [typeof(CaseHandled)] = "case_handled.v1",
        [typeof(VerificationPassed)] = "verification_passed.v1",
        [typeof(VerificationFailed)] = "verification_failed.v1",
        [typeof(CaseClosed)] = "case_closed.v1",
        [typeof(CallbackRecorded)] = "callback_recorded.v1",
        [typeof(CaseReopened)] = "case_reopened.v1",
        [typeof(CaseOverdue)] = "case_overdue.v1",
        [typeof(CaseSupervised)] = "case_supervised.v1",
    };
}
