using Ledger.Integrity.Storage;
using Marten;
using Marten.Services;
using Npgsql;

namespace Ledger.Api.Tests.Log;

/// <summary>A test-only event, so that direct appends touch no read model other tests look at.</summary>
public sealed record LogProbe(int Writer, int Number);

/// <summary>Every event in the store gets exactly one leaf, in global order, however it was written.</summary>
[Collection(ApiCollection.Name)]
public class LoggingEvents(ApiFixture fixture)
{
    [Fact]
    public async Task events_appended_through_the_api_are_logged_in_global_order()
    {
        var city = await new City(fixture).WithPortal();
        await city.RegisterAgency("上海市市场监督管理局", "黄浦", "YYZZ");

        var head = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());

        var (leaves, events) = await fixture.PositionsThrough(head.LastPosition);
        leaves.ShouldBe(events);
    }

    [Fact]
    public async Task many_concurrent_writers_and_a_late_commit_each_get_exactly_one_leaf_in_order()
    {
        // Given a transaction that takes its event's position now and commits only after others have committed beyond it
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var late = fixture.Store.LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            late.Events.StartStream(Guid.NewGuid(), new LogProbe(-1, 0));
            await late.SaveChangesAsync();
        }

        // When eight writers append concurrently meanwhile, and the late transaction commits after the high-water mark's stale threshold
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var number = 0; number < 15; number++)
            {
                await using var session = fixture.Store.LightweightSession();
                session.Events.StartStream(Guid.NewGuid(), new LogProbe(writer, number), new LogProbe(writer, number + 1000));
                await session.SaveChangesAsync();
            }
        }));
        await Task.WhenAll(writers);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await transaction.CommitAsync();

        // Then every event up to the last is logged once, in the order of the events' positions
        var head = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        var (leaves, events) = await fixture.PositionsThrough(head.LastPosition);
        leaves.ShouldBe(events);
        leaves.Count.ShouldBe(leaves.Distinct().Count());
    }

    [Fact]
    public async Task a_log_rebuilt_from_scratch_has_the_same_leaves_and_tree_heads()
    {
        var head = await fixture.LoggedThrough(await fixture.Store.LastEventPosition());
        var scratch = "log_rebuild_" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await LogSchema.EnsureAsync(dataSource, scratch, CancellationToken.None);
        var rebuilt = new LogStore(dataSource, "ledger", scratch);
        var writer = new LogWriter(dataSource, "ledger", scratch);
        try
        {
            while ((await rebuilt.HeadAsync(CancellationToken.None)).LastPosition < head.LastPosition)
            {
                await writer.AppendAsync(500, CancellationToken.None);
            }

            var live = fixture.Log().Store;
            var size = head.Size;
            (await rebuilt.Tree.RootAsync(size)).ShouldBe(await live.Tree.RootAsync(size));
            foreach (var index in new[] { 0, size / 2, size - 1 })
            {
                var original = await live.LeafAsync(index, CancellationToken.None);
                var again = await rebuilt.LeafAsync(index, CancellationToken.None);
                again.ShouldNotBeNull().CanonicalBytes.ShouldBe(original.ShouldNotBeNull().CanonicalBytes);
                again.LeafHash.ShouldBe(original.LeafHash);
            }
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"drop schema {scratch} cascade");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
