using Ledger.Domain.Calendar;
using Ledger.Domain.Incidents;
using static Ledger.Domain.Tests.Incidents.CaseHistory;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Incidents;

public class DecidingCategories
{
    private static readonly DateTimeOffset Now = Monday;

    private static Category? FoldCategory(IReadOnlyList<object> history) => history.Aggregate((Category?)null, Category.Evolve);

    [Fact]
    public void a_category_is_published_at_revision_one() =>
        When(() => CategoryDecisions.Decide(new PublishCategory("ILLEGAL-PARKING", IllegalParking, Dispatcher), Now))
            .Then(published => published.ShouldBe(new CategoryPublished("ILLEGAL-PARKING", 1, IllegalParking, Dispatcher, Now)));

    [Fact]
    public void a_category_has_its_own_stream_named_by_its_code() =>
        Parking.Id.ShouldBe(Category.StreamId("ILLEGAL-PARKING"));

    [Theory]
    [InlineData("illegal-parking")]
    [InlineData("ILLEGAL PARKING")]
    [InlineData("-PARKING")]
    [InlineData("PARKING-")]
    [InlineData("")]
    public void a_category_code_is_capitals_and_digits_in_hyphenated_words(string code) =>
        When(() => CategoryDecisions.Decide(new PublishCategory(code, IllegalParking, Dispatcher), Now))
            .ThenRefused("category-code-invalid");

    [Fact]
    public void a_category_sets_the_limits_of_at_least_one_severity() =>
        When(() => CategoryDecisions.Decide(new PublishCategory("ILLEGAL-PARKING", IllegalParking with { Limits = [] }, Dispatcher), Now))
            .ThenRefused("category-without-severity");

    [Fact]
    public void a_severity_is_set_once() =>
        When(() => CategoryDecisions.Decide(new PublishCategory("ILLEGAL-PARKING", IllegalParking with { Limits = [RoutineLimits, RoutineLimits] }, Dispatcher), Now))
            .ThenRefused("severity-listed-twice");

    [Fact]
    public void every_limit_is_positive() =>
        When(() => CategoryDecisions.Decide(
                new PublishCategory("ILLEGAL-PARKING", IllegalParking with { Limits = [RoutineLimits with { Verification = TimeLimit.Days(0) }] }, Dispatcher), Now))
            .ThenRefused("time-limit-invalid");

    [Fact]
    public void the_default_department_is_named_by_its_credit_code() =>
        When(() => CategoryDecisions.Decide(new PublishCategory("ILLEGAL-PARKING", IllegalParking with { DefaultDepartment = "交警支队" }, Dispatcher), Now))
            .ThenRefused("department-code-invalid");

    [Fact]
    public void a_revision_raises_the_revision_number() =>
        Given(FoldCategory, new CategoryPublished("ILLEGAL-PARKING", 1, IllegalParking, Dispatcher, Now))
            .When(category => Category.Evolve(category, CategoryDecisions.Decide(category!, new ReviseCategory("ILLEGAL-PARKING", 1, IllegalParking with { DefaultDepartment = Market }, Dispatcher), Now))!)
            .Then(category =>
            {
                category.Revision.ShouldBe(2);
                category.Definition.DefaultDepartment.ShouldBe(Market);
            });

    [Fact]
    public void a_revision_is_checked_like_a_publication() =>
        Given(FoldCategory, new CategoryPublished("ILLEGAL-PARKING", 1, IllegalParking, Dispatcher, Now))
            .When(category => CategoryDecisions.Decide(category!, new ReviseCategory("ILLEGAL-PARKING", 1, IllegalParking with { Limits = [] }, Dispatcher), Now))
            .ThenRefused("category-without-severity");
}
