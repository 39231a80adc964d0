using Ledger.Domain.Log;
using static Ledger.Domain.Tests.Scenario;

namespace Ledger.Domain.Tests.Log;

public class AnchoringCheckpoints
{
    private const string Origin = "ledger.example/log";
    private const string Ours = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string Another = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string Anchorer = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private const string MinedIn = "0xb10c000000000000000000000000000000000000000000000000000000000000";
    private static readonly string RootAt5 = new('5', 64);
    private static readonly string RootAt10 = new('a', 64);
    private static readonly string ForgedRoot = new('f', 64);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset BlockTime = Now.AddSeconds(-24);
    private static readonly AnchoringTerms Terms = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", Confirmations: 2);
    private static readonly Guid Checkpoint10 = CheckpointStreams.For(Origin, 10);

    private static CheckpointToAnchor Fold(IReadOnlyList<object> history) => history.Aggregate((CheckpointToAnchor?)null, CheckpointToAnchor.Evolve)!;

    private static CheckpointSigned Signed(long size = 10, string? root = null) =>
        new(CheckpointStreams.For(Origin, size), Origin, size, root ?? RootAt10, "signed note", "verifier key", Now.AddMinutes(-1));

    private static AnchorSubmitted Submitted(string transaction = Ours, long previousSize = 5, string from = Anchorer, long nonce = 7) =>
        new(Checkpoint10, 10, RootAt10, Terms.ChainId, Terms.Contract, from, transaction, nonce, previousSize, Now);

    private static MinedReceipt Receipt(long confirmations = 2, bool succeeded = true, string? failure = null) =>
        new(Ours, succeeded, failure, 100, MinedIn, BlockTime, 0, 61_234, 100 + confirmations - 1);

    private static TransactionOnChain Pending => new(Receipt: null) { Known = true };

    private static TransactionOnChain Forgotten(string? anchoredBy) => new(Receipt: null) { Known = false, AnchoredBy = new AnchoredBy(10, anchoredBy) };

    private static TransactionOnChain Mined(MinedReceipt receipt, string? canonicalHash = MinedIn) =>
        new(receipt) { CanonicalBlock = new CanonicalBlock(receipt.BlockNumber, canonicalHash) };

    private static Action<AnchoringDecision> Done(AnchoringStep step, params object[] events) => decision =>
    {
        var done = decision.ShouldBeOfType<AnchoringDecision.Done>();
        done.Step.ShouldBe(step);
        done.Events.ShouldBe(events);
    };

    private static Action<AnchoringDecision> Asks(ChainQuestion question) => decision =>
        decision.ShouldBe(new AnchoringDecision.Ask(question));

    private static History<CheckpointToAnchor> GivenInFlight() => Given(Fold, Signed(), Submitted());

    private static History<CheckpointToAnchor> GivenNotAnchored() => Given(Fold, Signed());

    // Following the transaction in flight

    [Fact]
    public void an_unmined_transaction_asks_whether_the_node_still_knows_it() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt: null), Terms, Now))
            .Then(Asks(new ChainQuestion.IsKnown(Ours)));

    [Fact]
    public void a_pending_transaction_the_node_still_knows_waits() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Pending, Terms, Now))
            .Then(Done(AnchoringStep.Waiting));

    [Fact]
    public void a_pending_transaction_with_too_few_confirmations_waits() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt(confirmations: 1)), Terms, Now))
            .Then(Done(AnchoringStep.Waiting));

    [Fact]
    public void a_transaction_with_enough_confirmations_asks_whether_its_block_is_still_canonical() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt()), Terms, Now))
            .Then(Asks(new ChainQuestion.CanonicalBlockAt(100)));

    [Fact]
    public void a_succeeded_transaction_with_enough_confirmations_in_a_canonical_block_is_confirmed() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Mined(Receipt(confirmations: 3)), Terms, Now))
            .Then(Done(AnchoringStep.Confirmed,
                new AnchorConfirmed(Checkpoint10, 10, RootAt10, Terms.ChainId, Terms.Contract, Ours, 100, MinedIn, BlockTime, 0, 61_234, 3, Now)));

    [Fact]
    public void a_reverted_transaction_is_abandoned_with_the_contracts_reason() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt(succeeded: false, failure: "InconsistentHistory()")), Terms, Now))
            .Then(Done(AnchoringStep.Abandoned, new AnchorAbandoned(Checkpoint10, 10, Ours, "reverted: InconsistentHistory()", Now)));

    [Fact]
    public void a_reverted_transaction_without_a_reason_is_abandoned_as_refused_by_the_contract() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt(succeeded: false)), Terms, Now))
            .Then(Done(AnchoringStep.Abandoned, new AnchorAbandoned(Checkpoint10, 10, Ours, "reverted: the contract refused the anchor", Now)));

    [Fact]
    public void a_transaction_the_node_no_longer_knows_asks_which_transaction_anchored_the_checkpoint() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, new TransactionOnChain(Receipt: null) { Known = false }, Terms, Now))
            .Then(Asks(new ChainQuestion.WhichTransactionAnchored(10)));

    [Fact]
    public void a_transaction_dropped_or_replaced_by_one_that_did_not_anchor_the_checkpoint_is_abandoned_as_dropped() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Forgotten(anchoredBy: null), Terms, Now))
            .Then(Done(AnchoringStep.Abandoned, new AnchorAbandoned(Checkpoint10, 10, Ours,
                "dropped: the chain no longer knows the transaction (dropped, replaced or reorganised away)", Now)));

    [Fact]
    public void a_transaction_replaced_by_another_that_anchored_the_checkpoint_is_abandoned_and_the_other_followed() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Forgotten(anchoredBy: Another), Terms, Now))
            .Then(Done(AnchoringStep.Waiting,
                new AnchorAbandoned(Checkpoint10, 10, Ours, $"replaced: {Another} anchored this checkpoint", Now),
                Submitted(Another, previousSize: 5, from: "", nonce: -1)));

    [Fact]
    public void a_transaction_whose_block_was_reorganised_away_waits_for_its_receipt_to_settle() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Mined(Receipt(confirmations: 6), canonicalHash: "0xd1fe000000000000000000000000000000000000000000000000000000000000"), Terms, Now))
            .Then(Done(AnchoringStep.Waiting));

    [Fact]
    public void a_transaction_whose_block_is_beyond_the_head_after_a_reorganisation_waits() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Mined(Receipt(), canonicalHash: null), Terms, Now))
            .Then(Done(AnchoringStep.Waiting));

    [Fact]
    public void block_hashes_compare_whatever_their_case() =>
        GivenInFlight()
            .When(checkpoint => Anchoring.Follow(checkpoint, Mined(Receipt(), canonicalHash: MinedIn.ToUpperInvariant()), Terms, Now))
            .Then(decision => decision.ShouldBeOfType<AnchoringDecision.Done>().Step.ShouldBe(AnchoringStep.Confirmed));

    // Anchoring the newest checkpoint

    [Fact]
    public void the_first_anchor_is_sent_from_size_zero_with_an_empty_proof() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(Latest: null), Terms, Now))
            .Then(decision => decision.ShouldBe(new AnchoringDecision.Send(10, RootAt10, PreviousTreeSize: 0)));

    [Fact]
    public void an_extension_asks_for_our_own_root_at_the_chains_latest_size() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(5, RootAt5)), Terms, Now))
            .Then(Asks(new ChainQuestion.LogRootAt(5)));

    [Fact]
    public void an_honest_extension_is_sent_with_a_proof_from_the_chains_latest_size() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(5, RootAt5)) { OurRootAtLatest = new LogRoot(5, RootAt5) }, Terms, Now))
            .Then(decision => decision.ShouldBe(new AnchoringDecision.Send(10, RootAt10, PreviousTreeSize: 5)));

    [Fact]
    public void a_chain_holding_a_root_our_log_does_not_compute_stops_anchoring_and_records_nothing() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(5, ForgedRoot)) { OurRootAtLatest = new LogRoot(5, RootAt5) }, Terms, Now))
            .Then(decision => decision.ShouldBe(new AnchoringDecision.Diverge(5, ForgedRoot, RootAt5)));

    [Fact]
    public void a_sent_anchor_is_submitted_with_the_size_its_proof_starts_from() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint,
                new AnchorsOnChain(new LatestAnchor(5, RootAt5)) { OurRootAtLatest = new LogRoot(5, RootAt5), Sent = new SentTransaction(Ours, Anchorer, 7) }, Terms, Now))
            .Then(Done(AnchoringStep.Submitted, Submitted(Ours, previousSize: 5)));

    [Fact]
    public void an_anchor_the_contract_refuses_is_abandoned_as_refused() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(Latest: null) { RefusedBecause = "NotAnchorer(0xf39f…2266)" }, Terms, Now))
            .Then(Done(AnchoringStep.Abandoned, new AnchorAbandoned(Checkpoint10, 10, null, "refused: NotAnchorer(0xf39f…2266)", Now)));

    [Fact]
    public void a_checkpoint_the_chain_already_holds_asks_for_the_root_anchored_at_its_size() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(10, RootAt10)), Terms, Now))
            .Then(Asks(new ChainQuestion.AnchoredRootAt(10)));

    [Fact]
    public void a_checkpoint_the_chain_holds_with_our_root_asks_which_transaction_anchored_it() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(10, RootAt10)) { AtCheckpointSize = new AnchoredRoot(10, RootAt10) }, Terms, Now))
            .Then(Asks(new ChainQuestion.WhichTransactionAnchored(10)));

    [Fact]
    public void after_a_crash_between_sending_and_recording_the_transaction_that_anchored_our_root_is_adopted() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint,
                new AnchorsOnChain(new LatestAnchor(10, RootAt10)) { AtCheckpointSize = new AnchoredRoot(10, RootAt10), AnchoredBy = new AnchoredBy(10, Ours) }, Terms, Now))
            .Then(Done(AnchoringStep.Submitted, Submitted(Ours, previousSize: 10, from: "", nonce: -1)));

    [Fact]
    public void a_checkpoint_the_chain_holds_by_no_transaction_we_can_find_is_left_alone() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint,
                new AnchorsOnChain(new LatestAnchor(10, RootAt10)) { AtCheckpointSize = new AnchoredRoot(10, RootAt10), AnchoredBy = new AnchoredBy(10, null) }, Terms, Now))
            .Then(Done(AnchoringStep.Idle));

    [Fact]
    public void a_chain_already_beyond_with_another_root_at_our_size_is_left_alone() =>
        GivenNotAnchored()
            .When(checkpoint => Anchoring.Anchor(checkpoint, new AnchorsOnChain(new LatestAnchor(20, ForgedRoot)) { AtCheckpointSize = new AnchoredRoot(10, ForgedRoot) }, Terms, Now))
            .Then(Done(AnchoringStep.Idle));

    // Choosing what a round works on

    private static CheckpointToAnchor Checkpoint(long size, params object[] later) =>
        Fold([Signed(size, new string('c', 64)), .. later]);

    [Fact]
    public void a_restart_with_a_transaction_in_flight_follows_it_and_sends_nothing_new()
    {
        var inFlight = Checkpoint(10, Submitted());

        When(() => Anchoring.Due(new AnchoringState([inFlight], Newest: Checkpoint(20), ConfirmedThrough: 5)))
            .Then(due => due.ShouldBe([inFlight]));
    }

    [Fact]
    public void the_newest_checkpoint_is_anchored_when_nothing_is_in_flight() =>
        When(() => Anchoring.Due(new AnchoringState([], Newest: Checkpoint(20), ConfirmedThrough: 10)))
            .Then(due => due.ShouldBe([Checkpoint(20)]));

    [Fact]
    public void the_newest_checkpoint_abandoned_before_is_anchored_again() =>
        When(() => Anchoring.Due(new AnchoringState([], Newest: Checkpoint(10, Submitted(), new AnchorAbandoned(Checkpoint10, 10, Ours, "dropped", Now)), ConfirmedThrough: 5)))
            .Then(due => due.Single().InFlight.ShouldBeNull());

    [Fact]
    public void nothing_is_anchored_when_the_newest_checkpoint_is_confirmed() =>
        When(() => Anchoring.Due(new AnchoringState([], Newest: Checkpoint(10), ConfirmedThrough: 10)))
            .Then(due => due.ShouldBeEmpty());

    [Fact]
    public void a_round_with_nothing_to_anchor_is_idle() =>
        When(() => Anchoring.Summarise([]))
            .Then(step => step.ShouldBe(AnchoringStep.Idle));

    [Fact]
    public void nothing_is_anchored_before_the_first_checkpoint() =>
        When(() => Anchoring.Due(new AnchoringState([], Newest: null, ConfirmedThrough: 0)))
            .Then(due => due.ShouldBeEmpty());

    [Fact]
    public void a_round_over_several_transactions_waits_while_any_of_them_waits() =>
        When(() => Anchoring.Summarise([AnchoringStep.Confirmed, AnchoringStep.Waiting, AnchoringStep.Abandoned]))
            .Then(step => step.ShouldBe(AnchoringStep.Waiting));

    [Fact]
    public void a_confirmed_or_abandoned_anchor_leaves_nothing_in_flight() =>
        Given(Fold, Signed(), Submitted(), new AnchorConfirmed(Checkpoint10, 10, RootAt10, Terms.ChainId, Terms.Contract, Ours, 100, MinedIn, BlockTime, 0, 61_234, 2, Now))
            .When(checkpoint => checkpoint.InFlight)
            .Then(inFlight => inFlight.ShouldBeNull());
}
