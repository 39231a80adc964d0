using Ledger.Api.Hosting;
using Ledger.Domain.Rules;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.Tests.Hosting;

/// <summary>
/// The API's two writers are each held busy by a command that waits on a gate, so the commands sent meanwhile are waiting
/// together when one writer is let go: that is how a group forms under load, made certain here.
/// </summary>
[Collection(ApiCollection.Name)]
public class GroupCommits(ApiFixture fixture)
{
    private GroupCommit Commits => fixture.Host.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task commands_waiting_together_are_committed_in_one_transaction_and_each_is_answered()
    {
        await using var writers = await BusyWriters.HoldAsync(Commits, fixture.Host.Services.GetRequiredService<IOptions<GroupCommitOptions>>().Value.Writers);

        var first = Commits.SaveAsync(new DefaultHttpContext(), Storing("first"));
        var second = Commits.SaveAsync(new DefaultHttpContext(), Storing("second"));
        writers.LetOneGo();

        // One commit wrote both: each command's answer sees the other's document.
        Markers(await first).ShouldBe(["first", "second"], ignoreOrder: true);
        Markers(await second).ShouldBe(["first", "second"], ignoreOrder: true);
        await ShouldBeStored("first", "second");
    }

    [Fact]
    public async Task a_command_refused_while_recording_fails_alone_and_the_others_of_its_group_are_committed_without_it()
    {
        await using var writers = await BusyWriters.HoldAsync(Commits, fixture.Host.Services.GetRequiredService<IOptions<GroupCommitOptions>>().Value.Writers);

        var kept = Commits.SaveAsync(new DefaultHttpContext(), Storing("kept-1"));
        var refused = Commits.SaveAsync(new DefaultHttpContext(), async recording =>
        {
            await Storing("refused-1")(recording);
            throw new RuleBroken("test-refusal", "Refused while recording.");
        });
        var alsoKept = Commits.SaveAsync(new DefaultHttpContext(), Storing("kept-2"));
        writers.LetOneGo();

        (await Should.ThrowAsync<RuleBroken>(refused)).Code.ShouldBe("test-refusal");
        // Saved alone after the group was given up: each answer holds its own document only.
        Markers(await kept).ShouldBe(["kept-1"]);
        Markers(await alsoKept).ShouldBe(["kept-2"]);
        await ShouldBeStored("kept-1", "kept-2");
        await ShouldNotBeStored("refused-1");
    }

    [Fact]
    public async Task a_command_postgresql_refuses_at_commit_fails_alone_and_the_others_of_its_group_are_committed_without_it()
    {
        await using var writers = await BusyWriters.HoldAsync(Commits, fixture.Host.Services.GetRequiredService<IOptions<GroupCommitOptions>>().Value.Writers);

        var kept = Commits.SaveAsync(new DefaultHttpContext(), Storing("commit-kept"));
        var refused = Commits.SaveAsync(new DefaultHttpContext(), async recording =>
        {
            await Storing("commit-refused")(recording);
            recording.Session.QueueSqlCommand("select 1 / 0");
        });
        writers.LetOneGo();

        (await Should.ThrowAsync<Exception>(refused)).InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.DivisionByZero);
        Markers(await kept).ShouldBe(["commit-kept"]);
        await ShouldBeStored("commit-kept");
        await ShouldNotBeStored("commit-refused");
    }

    [Fact]
    public async Task of_two_commands_in_one_group_expecting_one_stream_version_the_first_is_committed_and_the_second_fails_with_a_conflict()
    {
        var stream = Guid.CreateVersion7();
        await using (var session = fixture.Store.LightweightSession())
        {
            session.Events.StartStream(stream, new Marker("started"));
            await session.SaveChangesAsync();
        }

        await using var writers = await BusyWriters.HoldAsync(Commits, fixture.Host.Services.GetRequiredService<IOptions<GroupCommitOptions>>().Value.Writers);

        var first = Commits.SaveAsync(new DefaultHttpContext(), recording =>
        {
            recording.Session.Events.Append(stream, 2, new Marker("first"));
            return Task.CompletedTask;
        });
        var second = Commits.SaveAsync(new DefaultHttpContext(), recording =>
        {
            recording.Session.Events.Append(stream, 2, new Marker("second"));
            return Task.CompletedTask;
        });
        writers.LetOneGo();

        await first;
        await Should.ThrowAsync<JasperFx.ConcurrencyException>(second);
        await using var query = fixture.Store.QuerySession();
        (await query.Events.FetchStreamAsync(stream)).Select(e => ((Marker)e.Data).Id).ShouldBe(["started", "first"]);
    }

    private static Func<GroupCommit.Recording, Task> Storing(string id) => recording =>
    {
        recording.Session.Store(new Marker(id + "-" + RunId));
        return Task.CompletedTask;
    };

    private static IEnumerable<string> Markers(IReadOnlyCollection<object> written) =>
        written.OfType<Marker>().Select(marker => marker.Id).Where(id => id.EndsWith(RunId, StringComparison.Ordinal)).Select(id => id[..^(RunId.Length + 1)]);

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    private async Task ShouldBeStored(params string[] ids)
    {
        await using var query = fixture.Store.QuerySession();
        (await query.LoadManyAsync<Marker>(ids.Select(id => id + "-" + RunId))).Count.ShouldBe(ids.Length);
    }

    private async Task ShouldNotBeStored(string id)
    {
        await using var query = fixture.Store.QuerySession();
        (await query.LoadAsync<Marker>(id + "-" + RunId)).ShouldBeNull();
    }

    public sealed record Marker(string Id);

    /// <summary>Both writers each saving a command that waits until let go.</summary>
    private sealed class BusyWriters : IAsyncDisposable
    {
        private readonly List<(TaskCompletionSource Gate, Task Saved)> held = [];

        public static async Task<BusyWriters> HoldAsync(GroupCommit commits, int count)
        {
            var writers = new BusyWriters();
            for (var writer = 0; writer < count; writer++)
            {
                var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var saved = commits.SaveAsync(new DefaultHttpContext(), async _ =>
                {
                    entered.TrySetResult();
                    await gate.Task;
                });
                writers.held.Add((gate, saved));
                // A writer has taken it alone, so the next one goes to the other writer.
                await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            return writers;
        }

        public void LetOneGo() => held.First(writer => !writer.Gate.Task.IsCompleted).Gate.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            foreach (var (gate, _) in held)
            {
                gate.TrySetResult();
            }

            await Task.WhenAll(held.Select(writer => writer.Saved));
        }
    }
}
