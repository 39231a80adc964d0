using Ledger.Domain.Agencies;
using Ledger.Domain.Applications;
using Ledger.Domain.Bundles;
using Ledger.Domain.Calendar;
using Ledger.Domain.Certificates;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Ledger.Domain.Log;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;

namespace Ledger.Projections.Tests.Catalogue;

/// <summary>One realistic instance of every event type: the samples published beside each event's schema in specs/events/.</summary>
public static class EventSamples
{
    private const string Market = "11310000MB2F123457";
    private const string Health = "11310000MB2F12346A";
    private const string Fire = "11310000MB2F12347D";
    private static readonly Guid Application = Guid.Parse("01a20a0a-20b5-7140-9e69-4123a59108fc");
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);
    private static readonly Actor Admin = new("11310000MB2F00001C", "admin.chen");
    private static readonly Actor MarketOfficer = new(Market, "officer.wang");
    private static readonly Actor Portal = new("11310000MB2F12348G", "portal.web");
    private static readonly Actor PrivacyOfficer = new("11310000MB2F00001C", "privacy.zhou");
    private static readonly MatterDefinition FoodLicence = new("食品经营许可", Market, [Health, Fire], ["食品经营许可申请书", "经营场所平面布局图"], 20, "JY");
    private static readonly Guid Certificate = Guid.Parse("5b9a3f8e-1c2d-5e4f-8a7b-6c5d4e3f2a1b");
    private static readonly Guid Consent = Guid.Parse("01a20a0b-0000-7000-8000-00000000c0de");
    private static readonly Guid Bundle = Guid.Parse("01a20a0c-0000-7000-8000-0000000b0001");
    private static readonly Guid Renewed = Guid.Parse("6c0b4a9f-2d3e-5f60-9b8c-7d6e5f4a3b2c");

    private static readonly CertificateContent Licence = new(
        CertificateIdentifier.Create("JY", Market, "310101202600001", 1), "JY", Market,
        new Holder(ApplicantKind.Enterprise, "上海小笼包餐饮有限公司", "91310101MA1FPX1234"),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["经营场所"] = "上海市黄浦区南京东路100号", ["经营项目"] = "热食类食品制售" },
        new DateOnly(2026, 11, 28), new DateOnly(2031, 11, 27), "c4a81f3e9b2d70566e1fa8d3b4c29e07f5a6d1b83c0e4f9a2d7b6e5c8a1f3d09");

    private static readonly PartyOnRecord Restaurant = PartyOnRecord.Enterprise("上海小笼包餐饮有限公司", "91310101MA1FPX1234");

    /// <summary>A person applicant: whose the values are (a random subject id) and a salted commitment to each; the values are in the vault.</summary>
    private static readonly Guid Resident = Guid.Parse("7d4e2a91-3b6c-4f8a-9e15-2c0b8d6f4a73");

    private static readonly PartyOnRecord Person = new(
        ApplicantKind.Person,
        Recorded.Sealed(Resident, "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"),
        Recorded.Sealed(Resident, "e5f0c8a14b9d2367f1a0e8c4d6b3957a2c1f0e9d8b7a6c5e4d3f2a1b0c9e8d7f"))
    {
        Phone = Recorded.Sealed(Resident, "0b6d4f2a8c1e3597d0f2b4a6c8e1d3f5a7b9c0e2d4f6a8b1c3e5d7f9a0b2c4e6"),
    };

    private static readonly Material Form = new("食品经营许可申请书", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    private const string Greening = "11310000MB2F12350B";
    private const string Police = "11310000MB2F12349K";
    private static readonly Guid Case = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0c01");
    private static readonly Guid Original = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0c00");
    private static readonly Actor Dispatcher = new("11310101MB2F00001X", "dispatcher.wang");
    private static readonly Actor Inspector = new("11310101MB2F00001X", "inspector.li");
    private static readonly Actor Hotline = new("11310000MB2F0012345", "hotline.sun");
    private static readonly Actor GreeningOfficer = new(Greening, "officer.liu");
    private static readonly CategoryDefinition FallenTree = new("树木倒伏", Greening,
        [new SeverityLimits(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(5), TimeLimit.Days(1)), new SeverityLimits(Severity.Urgent, TimeLimit.Hours(1), TimeLimit.Days(1), TimeLimit.Hours(4))]);
    private static readonly CaseLocation Bund = new("310101", "南京东路街道", "310101-001-023", 31.2353, 121.4800);

    public static IReadOnlyList<object> All { get; } =
    [
        new AgencyRegistered(Market, "上海市市场监督管理局", "黄浦", ["YYZZ", "JY"], Admin, At),
        new SealKeyRegistered(Market, "seal-2026", SealAlgorithm.EcdsaP256Sha256,
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExEJqf2XHvCSTXBIrGg5F/Hxyxz8N3C/WIRYQUjQ4wNDBZvaHgdM7MXFIpk+nAmYFsFT6kD2ejJJPNE3fVIqlxQ==",
            At, At.AddYears(3), MarketOfficer, At),
        new SealKeyRetired(Market, "seal-2026", "密钥轮换", MarketOfficer, At.AddYears(1)),
        new MatterPublished("310000-SC-0107", 1, FoodLicence, Admin, At),
        new MatterRevised("310000-SC-0107", 2, FoodLicence with { PromisedDays = 15 }, Admin, At.AddMonths(1)),
        new ApplicationSubmitted(Application, "310000-SC-0107", 1, FoodLicence, Person, [Form], Portal, At),
        new SupplementRequested(Application, ["经营场所平面布局图"], "请补充经营场所平面布局图", MarketOfficer, At.AddHours(2)),
        new ApplicationSupplemented(Application, [Form with { Name = "经营场所平面布局图" }], Portal, At.AddDays(1)),
        new ApplicationAccepted(Application, At.AddDays(21), MarketOfficer, At.AddDays(1)),
        new ApplicationNotAccepted(Application, "经营场所与申请材料不符", MarketOfficer, At.AddDays(1)),
        new ApprovalsRequested(Application, [Market, Health, Fire], MarketOfficer, At.AddDays(1)),
        new ApprovalGranted(Application, Health, "卫生条件符合要求", new Actor(Health, "officer.zhao"), At.AddDays(3)),
        new ApprovalDenied(Application, Fire, "疏散通道宽度不足", new Actor(Fire, "officer.sun"), At.AddDays(4)),
        new ApplicationApproved(Application, At.AddDays(5)),
        new ApplicationDenied(Application, Fire, "疏散通道宽度不足", At.AddDays(4)),
        new ApplicationCompleted(Application, MarketOfficer, At.AddDays(6)),
        new ApplicationWithdrawn(Application, Recorded.Sealed(Resident, "9d2c7e4b1a8f3650c2e9b7d4a1f8c3e6b0d5a2f9c7e4b1d8a5f2c9e6b3d0a7f4"), Portal, At.AddDays(2)),
        new ApplicationOverdue(Application, At.AddDays(21), At.AddDays(21)),
        new ApplicationCertificateIssued(Application, Certificate, Licence.Identifier, At.AddDays(5)),
        new CertificateIssued(Certificate, Licence.Identifier, Application, null, CertificateOnRecord.ForEnterprise(Licence), Licence.Hash(),
            new Seal("seal-2026", SealAlgorithm.EcdsaP256Sha256, "MEUCIQD8m2c0yK5gq4kQ2xq0v7Hc3m5v8y9x1w2e3r4t5y6u7wIgY1Z2X3C4V5B6N7M8L9K0J1H2G3F4D5S6A7P8O9I0U1Y="),
            MarketOfficer, At.AddDays(5)),
        new CertificateSuspended(Certificate, "涉嫌虚假材料，核查中", MarketOfficer, At.AddDays(30)),
        new CertificateReinstated(Certificate, "核查无误", MarketOfficer, At.AddDays(40)),
        new CertificateRevoked(Certificate, "企业申请注销", MarketOfficer, At.AddYears(1)),
        new BundleSubmitted(Bundle, "开办餐饮店", Restaurant,
            [new BundlePart(Application, "310000-SC-0107"), new BundlePart(Guid.Parse("01a20a0a-20b5-7140-9e69-4123a59108fd"), "310000-XF-0203")], Portal, At),
        new BundleCompleted(Bundle, At.AddDays(20)),
        new ConsentGranted(Certificate, Consent, "11310000MB2F12349K", "户外招牌设置审批核验营业执照", At.AddDays(10), new Actor("11310000MB2F12348G", "portal.web"), At.AddDays(6)),
        new ConsentWithdrawn(Certificate, Consent, new Actor("11310000MB2F12348G", "portal.web"), At.AddDays(8)),
        new CertificateUsed(Certificate, Consent, "11310000MB2F12349K", "户外招牌设置审批核验营业执照", new Actor("11310000MB2F12349K", "officer.liu"), At.AddDays(7)),
        new CertificateSuperseded(Certificate, Renewed, CertificateIdentifier.Create("JY", Market, "310101202600001", 2), MarketOfficer, At.AddYears(5)),
        new SubjectRestricted(Resident, ErasureBasis.ConsentWithdrawn, new DateOnly(2031, 11, 27),
            "A certificate issued to this person is in force; its holder's data is kept while it is.", PrivacyOfficer, At.AddDays(30)),
        new SubjectErased(Resident, ErasureBasis.ConsentWithdrawn, PrivacyOfficer, new DateTimeOffset(2031, 11, 28, 0, 0, 0, TimeSpan.Zero)),
        new PersonalDataDisclosed(Resident, "application/" + Application, ["name", "identityNumber", "phone"], "application-handling", MarketOfficer, At.AddDays(1)),
        new CheckpointSigned(Checkpoint, "ledger.city.example/log", 4096, RootHash,
            "ledger.city.example/log\n4096\nryvb4aqbbsHireHWlPQfxxqDHQJo6YkVYhE9imKt0b8=\n\n\u2014 ledger.city.example/log Rz8Jx6vBk3qRC9kSg0G0C8n8G0sQkqLQ3eDv1cAAoPbTQDGr4Qb2y5Zt7Lh9AqJp2QqUkYfj8M0cLk3c7n5tC7Vg9wI2m3Q=\n",
            "ledger.city.example/log+478f09c7+AaMNzmVzIT5bRSp7Gp0h8H/8Q0R4i3F3FVbF3BHSmNGU", At),
        new AnchorSubmitted(Checkpoint, 4096, RootHash, 31337, Contract, Anchorer, Transaction, 17, 3072, At.AddSeconds(1)),
        new AnchorConfirmed(Checkpoint, 4096, RootHash, 31337, Contract, Transaction, 1204,
            "0x9f3c6a0c8e1d2b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a", At.AddSeconds(3), 0, 71_402, 2, At.AddSeconds(9)),
        new AnchorAbandoned(Checkpoint, 4096, Transaction, "dropped: the node no longer knows the transaction and the nonce was not used", At.AddMinutes(5)),
        new CategoryPublished("FALLEN-TREE", 1, FallenTree, Admin, At),
        new CategoryRevised("FALLEN-TREE", 2, FallenTree with { Name = "树木倒伏或断枝" }, Admin, At.AddMonths(1)),
        new CaseReported(Case, CaseSource.Hotline12345, "FALLEN-TREE", 1, FallenTree, Severity.Urgent, Bund, "南京东路一棵行道树倒在人行道上",
            ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"], Person, Hotline, At)
        {
            GivenAddress = Recorded.Sealed(Resident, "5c1e9a7d3b0f2e8c6a4d1b9f7e5c3a0d8b6f4e2c1a9d7b5f3e0c8a6d4b2f1e9c"),
        },
        new CaseRegistered(Case, Dispatcher, At.AddMinutes(5)),
        new CaseNotRegistered(Case, "非本市管辖事项", Dispatcher, At.AddMinutes(5)),
        new CaseMerged(Case, Original, Dispatcher, At.AddMinutes(5)),
        new DuplicateCaseNoted(Original, Case, Dispatcher, At.AddMinutes(5)),
        new CaseDispatched(Case, 1, Greening, At.AddHours(1), Dispatcher, At.AddMinutes(10)),
        new CaseAccepted(Case, 1, Greening, At.AddDays(1), GreeningOfficer, At.AddMinutes(30)),
        new CaseReturned(Case, 1, Greening, "属道路养护部门职责", GreeningOfficer, At.AddMinutes(30)),
        new JointHandlingArranged(Case, 1, Greening, [Police], Dispatcher, At.AddMinutes(40)),
        new ExtensionRequested(Case, 1, Greening, "需调派吊车", 2, GreeningOfficer, At.AddHours(5)),
        new ExtensionApproved(Case, 2, At.AddDays(3), Dispatcher, At.AddHours(6)),
        new ExtensionRefused(Case, "可当日处置", Dispatcher, At.AddHours(6)),
        new HoldRequested(Case, 1, Greening, "待台风过境后处置", GreeningOfficer, At.AddHours(5)),
        new HoldApproved(Case, Dispatcher, At.AddHours(6)),
        new HoldRefused(Case, "不属长期性问题", Dispatcher, At.AddHours(6)),
        new CaseResumed(Case, TimeSpan.FromHours(16), At.AddDays(3), Dispatcher, At.AddDays(2)),
        new CaseHandled(Case, 1, Greening, "已移除倒伏树木并恢复通行", ["60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"], At.AddDays(2), GreeningOfficer, At.AddDays(1)),
        new VerificationPassed(Case, "现场已恢复通行", ["fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"], Inspector, At.AddDays(1).AddHours(2)),
        new VerificationFailed(Case, 1, Greening, "断枝仍在", [], At.AddDays(3), Inspector, At.AddDays(1).AddHours(2)),
        new CaseClosed(Case, Dispatcher, At.AddDays(1).AddHours(3)),
        new CallbackRecorded(Case, Satisfaction.Satisfied, "处理及时", Hotline, At.AddDays(2)),
        new CaseReopened(Case, "市民回访不满意", Hotline, At.AddDays(2)),
        new CaseOverdue(Case, LimitKind.Handling, At.AddDays(1), SupervisionLevel.District, At.AddDays(2), At.AddDays(1)),
        new CaseSupervised(Case, SupervisionLevel.City, "社会影响较大", Dispatcher, At.AddHours(2)),
    ];

    private static readonly Guid Checkpoint = Guid.Parse("3f0e6c1a-7b2d-5a49-8e1f-0c9d8b7a6f5e");
    private const string RootHash = "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf";
    private const string Contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Anchorer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private const string Transaction = "0x2c9a7e0f4b8d1c3e5a7f9b0d2e4c6a8f0b1d3e5c7a9f0b2d4e6c8a0f1b3d5e7c";
}
