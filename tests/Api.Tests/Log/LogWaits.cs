using Alba;
using Ledger.Integrity.Checkpoints;
using Ledger.Integrity.Storage;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Log;

/// <summary>Waiting for the log to take in what a test appended, and reading it back beside the events.</summary>
public static class LogWaits
{
    public static LedgerLog Log(this ApiFixture fixture) => fixture.Host.Services.GetRequiredService<LedgerLog>();

    public static async Task<long> LastEventPosition(this IDocumentStore store)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().MaxAsync(e => e.Sequence);
    }

    /// <summary>The position of the newest event other than the ledger's own checkpoint and anchor events.</summary>
    public static async Task<long> LastBusinessEventPosition(this ApiFixture fixture)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select max(seq_id) from ledger.mt_events where type <> all($1)", connection)
        {
            Parameters = { new() { Value = CheckpointWriter.OwnEventTypes.ToArray() } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until a confirmed anchor covers the newest business event, so inclusion and anchor can pass.</summary>
    public static async Task AnchoredThroughNewestEvent(this ApiFixture fixture)
    {
        var position = await fixture.LastBusinessEventPosition();
        await fixture.LoggedThrough(position);
        var leaf = (await fixture.Log().Store.LeafOfEventAsync(position, CancellationToken.None)).ShouldNotBeNull();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var result = await fixture.Host.Scenario(scenario => { scenario.Get.Url("/api/ledger/checkpoint"); scenario.IgnoreStatusCode(); });
            if (result.Context.Response.StatusCode == 200 && result.Json().GetProperty("latestAnchor") is { ValueKind: System.Text.Json.JsonValueKind.Object } anchor
                && anchor.GetProperty("treeSize").GetInt64() > leaf.Index)
            {
                return;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no anchor covered the newest event");
            await Task.Delay(300);
        }
    }

    /// <summary>Waits until every event up to <paramref name="position"/> is logged; the log's head then.</summary>
    public static async Task<LogHead> LoggedThrough(this ApiFixture fixture, long position, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var head = await fixture.Log().Store.HeadAsync(CancellationToken.None);
            if (head.LastPosition >= position)
            {
                return head;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The log reached position {head.LastPosition}, not {position}, in {seconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The event positions of the leaves, in leaf order, and of the events, in global order, up to a position.</summary>
    public static async Task<(List<long> Leaves, List<long> Events)> PositionsThrough(this ApiFixture fixture, long position, string logSchema = "ledger")
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        return (await Positions(connection, $"select seq_id from {logSchema}.log_leaves where seq_id <= $1 order by leaf_index", position),
            await Positions(connection, "select seq_id from ledger.mt_events where seq_id <= $1 order by seq_id", position));
    }

    private static async Task<List<long>> Positions(NpgsqlConnection connection, string sql, long position)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = position } } };
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new List<long>();
        while (await reader.ReadAsync())
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }
}
