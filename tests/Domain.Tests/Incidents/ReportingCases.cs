using Ledger.Domain.Incidents;
using Ledger.Domain.Privacy;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class ReportingCases
{
    private static readonly DateTimeOffset Now = Monday.AddHours(2);
    private static readonly Guid ReporterSubject = Guid.Parse("0195cd4f-4a2a-7c4f-9c1e-5f0a2b3c0001");

    private static ReportCase Report(CaseLocation? location = null, PartyOnRecord? reporter = null, IReadOnlyList<string>? attachments = null) =>
        new(Id, CaseSource.GridInspector, "ILLEGAL-PARKING", Severity.Routine, location ?? Bund, "人行道上违法停车", attachments ?? [Hash("photo")], reporter, GridInspector);

    [Fact]
    public void a_report_copies_the_category_as_it_stands_and_keeps_attachments_in_lower_case() =>
        When(() => CaseDecisions.Decide(Report(attachments: [Hash("photo").ToUpperInvariant()]), Parking, Now))
            .Then(reported => reported.ShouldBe(new CaseReported(
                Id, CaseSource.GridInspector, "ILLEGAL-PARKING", 1, IllegalParking, Severity.Routine, Bund, "人行道上违法停车", reported.Attachments, null, GridInspector, Now)))
            .Attachments.ShouldBe([Hash("photo")]);

    [Fact]
    public void a_report_of_an_unpublished_category_is_refused() =>
        When(() => CaseDecisions.Decide(Report(), null, Now)).ThenRefused("unknown-category");

    [Fact]
    public void a_report_is_judged_by_the_category_it_names() =>
        When(() => CaseDecisions.Decide(Report() with { CategoryCode = "ROAD-DAMAGE" }, Parking, Now)).ThenRefused("unknown-category");

    [Fact]
    public void a_severity_the_category_sets_no_limits_for_is_refused() =>
        When(() => CaseDecisions.Decide(Report() with { Severity = Severity.Emergency }, Parking, Now)).ThenRefused("severity-not-in-category");

    [Theory]
    [InlineData(39.9042, 116.4074)]
    [InlineData(31.2, 123.0)]
    [InlineData(95.0, 121.49)]
    [InlineData(31.24, 200.0)]
    [InlineData(double.NaN, 121.49)]
    public void a_position_outside_shanghai_is_refused(double latitude, double longitude) =>
        When(() => CaseDecisions.Decide(Report(Bund with { Latitude = latitude, Longitude = longitude }), Parking, Now)).ThenRefused("location-outside-city");

    [Fact]
    public void a_case_located_by_district_and_grid_cell_alone_is_reported_without_a_position() =>
        When(() => CaseDecisions.Decide(Report(Bund with { Latitude = null, Longitude = null }), Parking, Now))
            .Then(reported => reported.Location.HasPosition.ShouldBeFalse());

    [Theory]
    [InlineData(31.24, null)]
    [InlineData(null, 121.49)]
    public void half_a_position_is_refused(double? latitude, double? longitude) =>
        When(() => CaseDecisions.Decide(Report(Bund with { Latitude = latitude, Longitude = longitude }), Parking, Now)).ThenRefused("position-incomplete");

    [Fact]
    public void a_location_without_a_position_is_still_checked_against_its_district() =>
        When(() => CaseDecisions.Decide(Report(Bund with { Latitude = null, Longitude = null, GridCell = "310104-002-017" }), Parking, Now))
            .ThenRefused("unknown-grid-cell");

    [Fact]
    public void an_address_the_reporter_gives_is_kept_by_its_sealed_reference() =>
        When(() => CaseDecisions.Decide(Report() with { GivenAddress = Recorded.Sealed(ReporterSubject, OnRecord.Commitment('d')) }, Parking, Now))
            .Then(reported => reported.GivenAddress.ShouldBe(Recorded.Sealed(ReporterSubject, OnRecord.Commitment('d'))));

    [Fact]
    public void an_address_in_the_clear_is_refused() =>
        When(() => CaseDecisions.Decide(Report() with { GivenAddress = Recorded.InClear("南京东路100号3楼") }, Parking, Now)).ThenRefused("personal-data-in-clear");

    [Fact]
    public void a_district_is_one_of_shanghais_sixteen() =>
        When(() => CaseDecisions.Decide(Report(Bund with { District = "310102", GridCell = "310102-001" }), Parking, Now)).ThenRefused("unknown-district");

    [Theory]
    [InlineData("310104-002-017")]
    [InlineData("310101002017")]
    [InlineData("310101-")]
    public void a_grid_cell_belongs_to_the_district(string gridCell) =>
        When(() => CaseDecisions.Decide(Report(Bund with { GridCell = gridCell }), Parking, Now)).ThenRefused("unknown-grid-cell");

    [Fact]
    public void shanghai_has_sixteen_districts_under_their_own_codes()
    {
        Districts.Shanghai.Count.ShouldBe(16);
        Districts.Shanghai.Select(district => district.Code).Distinct(StringComparer.Ordinal).Count().ShouldBe(16);
        Districts.Shanghai.ShouldAllBe(district => district.Code.StartsWith("3101", StringComparison.Ordinal) && district.Code.Length == 6);
        Districts.Find("310115")!.Name.ShouldBe("浦东新区");
        Districts.Find("310151")!.Romanised.ShouldBe("Chongming");
    }

    [Fact]
    public void a_person_who_reports_is_on_record_by_sealed_references_only() =>
        When(() => CaseDecisions.Decide(Report(reporter: OnRecord.Person(ReporterSubject)), Parking, Now))
            .Then(reported => reported.Reporter!.Subject.ShouldBe(ReporterSubject));

    [Fact]
    public void a_persons_values_in_the_clear_are_refused() =>
        When(() => CaseDecisions.Decide(Report(reporter: OnRecord.Person(ReporterSubject) with { Name = Recorded.InClear("张三") }), Parking, Now))
            .ThenRefused("personal-data-in-clear");

    [Fact]
    public void a_report_may_be_anonymous() =>
        When(() => CaseDecisions.Decide(Report(reporter: null) with { Source = CaseSource.Hotline12345 }, Parking, Now))
            .Then(reported => reported.Reporter.ShouldBeNull());

    [Fact]
    public void an_attachment_is_a_sha256() =>
        When(() => CaseDecisions.Decide(Report(attachments: ["not-a-hash"]), Parking, Now)).ThenRefused("hash-invalid");

    [Fact]
    public void an_attachment_is_listed_once() =>
        When(() => CaseDecisions.Decide(Report(attachments: [Hash("photo"), Hash("photo").ToUpperInvariant()]), Parking, Now)).ThenRefused("hash-listed-twice");

    [Fact]
    public void a_report_says_what_is_wrong() =>
        When(() => CaseDecisions.Decide(Report() with { Description = " " }, Parking, Now)).ThenRefused("description-missing");
}
