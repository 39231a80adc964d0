using System.Text.Json;

namespace Ledger.Api.Tests.Incidents;

[Collection(ApiCollection.Name)]
public class DepartmentBoards(ApiFixture fixture)
{
    private static IEnumerable<Guid> Ids(JsonElement board, string column) => board.GetProperty(column).EnumerateArray().Select(item => item.GetProperty("id").GetGuid());

    [Fact]
    public async Task a_board_shows_what_the_department_is_to_accept_has_in_hand_and_returned()
    {
        var operations = new CityOperations(fixture);
        var (roads, greening) = (CityOperations.NewDepartment(), CityOperations.NewDepartment());
        var category = await operations.PublishCategory(roads);
        var toAccept = await operations.Dispatched(category, roads);
        var inHand = await operations.Dispatched(category, roads);
        inHand = await operations.Step(inHand, "acceptance", new { version = inHand.Version() }, operations.OfficerOf(roads));
        var returned = await operations.Dispatched(category, roads);
        await operations.Step(returned, "returns", new { version = returned.Version(), reason = "不属本部门" }, operations.OfficerOf(roads));
        var elsewhere = await operations.Dispatched(category, greening);

        var board = await operations.City.Send(HttpMethod.Get, $"/api/departments/{roads}/board", null, operations.OfficerOf(roads), 200);

        Ids(board, "toAccept").ShouldBe([toAccept.Id()]);
        Ids(board, "inHand").ShouldBe([inHand.Id()]);
        Ids(board, "returned").ShouldBe([returned.Id()]);
        Ids(board, "onHold").ShouldBeEmpty();
        Ids(board, "toAccept").Concat(Ids(board, "inHand")).ShouldNotContain(elsewhere.Id());
    }

    [Fact]
    public async Task an_officer_cannot_read_another_departments_board()
    {
        var operations = new CityOperations(fixture);
        var refused = await operations.City.Send(HttpMethod.Get, $"/api/departments/{CityOperations.NewDepartment()}/board", null, operations.OfficerOf(CityOperations.NewDepartment()), 403);
        refused.GetProperty("code").GetString().ShouldBe("forbidden");
    }
}
