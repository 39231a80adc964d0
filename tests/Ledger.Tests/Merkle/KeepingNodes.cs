using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Tests.Merkle;

/// <summary>Proofs from kept nodes are the proofs of the stored log, and a node once read is not read again.</summary>
public class KeepingNodes
{
    private sealed class CountingReader(IMerkleNodeReader inner) : IMerkleNodeReader
    {
        public int Reads { get; private set; }

        public int NodesRead { get; private set; }

        public Task<IReadOnlyDictionary<MerkleNodeId, byte[]>> ReadAsync(IReadOnlyCollection<MerkleNodeId> nodes, CancellationToken cancellationToken)
        {
            Reads++;
            NodesRead += nodes.Count;
            return inner.ReadAsync(nodes, cancellationToken);
        }
    }

    private static MemoryMerkleNodes StoredLog(int size)
    {
        var stored = new MemoryMerkleNodes();
        for (var i = 0; i < size; i++)
        {
            stored.Append(MerkleHash.Leaf(BitConverter.GetBytes(i)));
        }

        return stored;
    }

    [Fact]
    public async Task proofs_from_kept_nodes_equal_the_stored_logs_and_a_repeated_proof_reads_nothing()
    {
        var stored = StoredLog(1_000);
        var counting = new CountingReader(stored);
        var kept = new MerkleLog(new KeptMerkleNodes(counting, capacity: 100_000));
        var direct = new MerkleLog(stored);

        foreach (var (index, size) in new[] { (0L, 1L), (17L, 1_000L), (999L, 1_000L), (500L, 777L) })
        {
            (await kept.InclusionProofAsync(index, size)).ShouldBe(await direct.InclusionProofAsync(index, size));
            (await kept.RootAsync(size)).ShouldBe(await direct.RootAsync(size));
        }

        (await kept.ConsistencyProofAsync(333, 1_000)).ShouldBe(await direct.ConsistencyProofAsync(333, 1_000));
        var readsBefore = counting.Reads;

        await kept.InclusionProofAsync(17, 1_000);
        await kept.RootAsync(777);
        await kept.ConsistencyProofAsync(333, 1_000);

        counting.Reads.ShouldBe(readsBefore);
    }

    [Fact]
    public async Task beyond_its_capacity_it_keeps_only_the_upper_levels_and_still_answers_right()
    {
        var stored = StoredLog(4_096);
        var counting = new CountingReader(stored);
        var nodes = new KeptMerkleNodes(counting, capacity: 10);
        var kept = new MerkleLog(nodes);
        var direct = new MerkleLog(stored);

        for (var index = 0L; index < 4_096; index += 97)
        {
            (await kept.InclusionProofAsync(index, 4_096)).ShouldBe(await direct.InclusionProofAsync(index, 4_096));
        }

        // The capacity, one block of 64 leaves (127 nodes) read as it was crossed, and the 127 upper nodes of 4,096 leaves.
        nodes.Count.ShouldBeLessThanOrEqualTo(10 + 127 + 127);
        var readsBefore = counting.Reads;
        await kept.InclusionProofAsync(130, 4_096); // leaves 128-191: a block no earlier proof read
        counting.Reads.ShouldBe(readsBefore + 1);
    }
}
