using Ledger.Domain.Log;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Log;

public class SigningCheckpoints
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly CheckpointCadence Cadence = new(TimeSpan.FromSeconds(30), MaxLeaves: 1000);
    private static readonly LatestCheckpoint SignedJustNow = new(10, Now.AddSeconds(-1));
    private static readonly LatestCheckpoint SignedLongAgo = new(10, Now.AddSeconds(-30));

    [Fact]
    public void the_first_checkpoint_is_due_as_soon_as_the_log_has_leaves() =>
        When(() => CheckpointPolicy.Decide(headSize: 3, latest: null, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.SignIfBusinessLeaves(0, 3)));

    [Fact]
    public void an_empty_log_is_not_signed() =>
        When(() => CheckpointPolicy.Decide(headSize: 0, latest: null, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Wait()));

    [Fact]
    public void a_checkpoint_is_due_once_the_interval_has_passed() =>
        When(() => CheckpointPolicy.Decide(headSize: 12, SignedLongAgo, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.SignIfBusinessLeaves(10, 12)));

    [Fact]
    public void a_checkpoint_is_due_within_the_interval_once_max_leaves_wait() =>
        When(() => CheckpointPolicy.Decide(headSize: 1010, SignedJustNow, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.SignIfBusinessLeaves(10, 1010)));

    [Fact]
    public void a_log_growing_slowly_waits_for_the_interval() =>
        When(() => CheckpointPolicy.Decide(headSize: 1009, SignedJustNow, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Wait()));

    [Fact]
    public void a_log_that_has_not_grown_is_not_signed_again() =>
        When(() => CheckpointPolicy.Decide(headSize: 10, SignedLongAgo, Now, Cadence))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Wait()));

    [Fact]
    public void a_due_checkpoint_over_business_leaves_is_signed_at_the_head() =>
        When(() => CheckpointPolicy.Decide(headSize: 12, SignedLongAgo, Now, Cadence, businessLeavesSince: true))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Sign(12)));

    [Fact]
    public void only_the_ledgers_own_events_since_the_last_checkpoint_are_not_signed() =>
        When(() => CheckpointPolicy.Decide(headSize: 12, SignedLongAgo, Now, Cadence, businessLeavesSince: false))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Wait()));

    [Fact]
    public void business_leaves_do_not_make_a_checkpoint_due_before_its_time() =>
        When(() => CheckpointPolicy.Decide(headSize: 12, SignedJustNow, Now, Cadence, businessLeavesSince: true))
            .Then(decision => decision.ShouldBe(new CheckpointDecision.Wait()));
}
