using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Calendar;
using Ledger.Domain.Identity;
using Ledger.Domain.Incidents;
using Case = Ledger.Domain.Incidents.Case;

namespace Ledger.Domain.Tests.Incidents;

/// <summary>The cast and the events of a car parked on the pavement by the Bund, for the case decider tests.</summary>
public static class CaseHistory
{
    public const string Police = "11310000MB2F12349K";
    public const string Market = "11310000MB2F123457";
    public const string Fire = "11310000MB2F12347D";
    public const string CommandCentre = "11310101MB2F00001X";

    public static readonly Guid Id = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0c01");
    public static readonly Guid OriginalId = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0c00");

    /// <summary>Monday 23 November 2026, 09:30 in Shanghai.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(8));
    public static readonly WorkingCalendar ShanghaiCalendar = WorkingCalendar.WeekendsOnly;
    public static readonly Actor Dispatcher = new(CommandCentre, "dispatcher.wang");
    public static readonly Actor Inspector = new(CommandCentre, "inspector.li");
    public static readonly Actor GridInspector = new(CommandCentre, "grid.zhao");
    public static readonly Actor Hotline = new(CommandCentre, "hotline.sun");

    public static readonly SeverityLimits RoutineLimits = new(Severity.Routine, TimeLimit.Hours(2), TimeLimit.Days(5), TimeLimit.Days(1));
    public static readonly CategoryDefinition IllegalParking =
        new("违法停车", Police, [RoutineLimits, new(Severity.Urgent, TimeLimit.Hours(1), TimeLimit.Days(1), TimeLimit.Hours(4))]);
    public static readonly Category Parking = Category.Evolve(null, new CategoryPublished("ILLEGAL-PARKING", 1, IllegalParking, Dispatcher, Monday.AddDays(-30)))!;
    public static readonly CaseLocation Bund = new("310101", "外滩街道", "310101-002-017", 31.2400, 121.4900);

    public static readonly DateTimeOffset DispatchedAt = Monday.AddMinutes(20);
    public static readonly DateTimeOffset AcceptBy = new(2026, 11, 23, 11, 50, 0, TimeSpan.FromHours(8));
    public static readonly DateTimeOffset AcceptedAt = Monday.AddHours(1);
    public static readonly DateTimeOffset HandleBy = new(2026, 11, 30, 17, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateTimeOffset HandledAt = Monday.AddDays(1).AddMinutes(30);
    public static readonly DateTimeOffset VerifyBy = new(2026, 11, 25, 17, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateTimeOffset ClosedAt = Monday.AddDays(1).AddHours(5);

    public static Actor OfficerOf(string agency) => new(agency, "officer." + agency[^4..]);

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static Case? Fold(IReadOnlyList<object> history) => history.Aggregate((Case?)null, Case.Evolve);

    public static CaseReported Reported(CaseSource source = CaseSource.GridInspector, Guid? id = null) =>
        new(id ?? Id, source, "ILLEGAL-PARKING", 1, IllegalParking, Severity.Routine, Bund, "人行道上违法停车", [Hash("photo")], null,
            source == CaseSource.Hotline12345 ? Hotline : GridInspector, Monday);

    public static object[] Registered(CaseSource source = CaseSource.GridInspector) =>
        [Reported(source), new CaseRegistered(Id, Dispatcher, Monday.AddMinutes(10))];

    public static object[] Dispatched(CaseSource source = CaseSource.GridInspector) =>
        [.. Registered(source), new CaseDispatched(Id, 1, Police, AcceptBy, Dispatcher, DispatchedAt)];

    public static object[] Accepted(CaseSource source = CaseSource.GridInspector) =>
        [.. Dispatched(source), new CaseAccepted(Id, 1, Police, HandleBy, OfficerOf(Police), AcceptedAt)];

    public static object[] Handled(CaseSource source = CaseSource.GridInspector) =>
        [.. Accepted(source), new CaseHandled(Id, 1, Police, "车辆已拖离", [Hash("after")], VerifyBy, OfficerOf(Police), HandledAt)];

    public static object[] Verified(CaseSource source = CaseSource.GridInspector) =>
        [.. Handled(source), new VerificationPassed(Id, "现场已恢复", [Hash("site")], Inspector, HandledAt.AddHours(4))];

    public static object[] Closed(CaseSource source = CaseSource.GridInspector) =>
        [.. Verified(source), new CaseClosed(Id, Dispatcher, ClosedAt)];

    public static object[] OnHold() =>
    [
        .. Accepted(),
        new HoldRequested(Id, 1, Police, "道路施工期间无法处置", OfficerOf(Police), HandledAt),
        new HoldApproved(Id, Dispatcher, HandledAt),
    ];
}
