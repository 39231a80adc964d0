using Ledger.Domain.Certificates;
using Ledger.Domain.Applications;
using Ledger.Domain.Identity;
using Ledger.Domain.Matters;
using Ledger.Domain.Privacy;

namespace Ledger.Domain.Tests.Applications;

/// <summary>The cast and the events of a restaurant's food business licence application, for the decider tests.</summary>
public static class ApplicationHistory
{
    public const string Market = "11310000MB2F123457";
    public const string Health = "11310000MB2F12346A";
    public const string Fire = "11310000MB2F12347D";
    public const string Portal = "11310000MB2F12348G";
    public const string Police = "11310000MB2F12349K";

    public static readonly Guid Id = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c4d5e");
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
    public static readonly Actor Citizen = new(Portal, "portal.web");
    public static readonly PartyOnRecord Restaurant = PartyOnRecord.Enterprise("上海小笼包餐饮有限公司", "91310101MA1FPX1234");
    public static readonly Guid ResidentSubject = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0001");

    /// <summary>A person applicant as the record holds them: sealed references only, their values being in the vault.</summary>
    public static readonly PartyOnRecord Resident = OnRecord.Person(ResidentSubject);
    public static readonly MatterDefinition FoodLicence = new("食品经营许可", Market, [Health, Fire], ["食品经营许可申请书"], 20, "JY");
    public static readonly Matter Matter = Matter.Evolve(null, new MatterPublished("310000-SC-0107", 1, FoodLicence, new Actor(Market, "admin"), Monday.AddDays(-30)))!;

    public static Actor OfficerOf(string agency) => new(agency, "officer." + agency[^4..]);

    public static Material Material(string name) => new(name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))));

    public static Application? Fold(IReadOnlyList<object> history) => history.Aggregate((Application?)null, Application.Evolve);

    public static ApplicationSubmitted Submitted() =>
        new(Id, "310000-SC-0107", 1, FoodLicence, Restaurant, [Material("食品经营许可申请书")], Citizen, Monday);

    public static object[] Accepted() =>
    [
        Submitted(),
        new ApplicationAccepted(Id, Monday.AddDays(20), OfficerOf(Market), Monday.AddHours(1)),
        new ApprovalsRequested(Id, [Market, Health, Fire], OfficerOf(Market), Monday.AddHours(1)),
    ];

    public static object[] Approved() =>
    [
        .. Accepted(),
        new ApprovalGranted(Id, Health, "同意", OfficerOf(Health), Monday.AddDays(1)),
        new ApprovalGranted(Id, Fire, "同意", OfficerOf(Fire), Monday.AddDays(2)),
        new ApprovalGranted(Id, Market, "同意", OfficerOf(Market), Monday.AddDays(3)),
        new ApplicationApproved(Id, Monday.AddDays(3)),
    ];
}
