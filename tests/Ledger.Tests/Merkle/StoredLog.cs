using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Tests.Merkle;

/// <summary>The stored log, which keeps only perfect subtrees, answers exactly as the RFC 9162 definitions over all leaves.</summary>
public class StoredLog
{
    private const int Largest = 70;
    private static readonly byte[][] LeafHashes = [.. Enumerable.Range(0, Largest).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i * 104729)))];

    private static MemoryMerkleNodes Grown(int size)
    {
        var nodes = new MemoryMerkleNodes();
        foreach (var leaf in LeafHashes.Take(size))
        {
            nodes.Append(leaf);
        }

        return nodes;
    }

    [Fact]
    public async Task tree_heads_at_every_size_match_the_definition()
    {
        var nodes = Grown(Largest);
        var log = new MerkleLog(nodes);
        for (var size = 0; size <= Largest; size++)
        {
            (await log.RootAsync(size)).ShouldBe(MerkleTree.Root(LeafHashes, 0, size), $"size {size}");
            Grown(size).Root().ShouldBe(MerkleTree.Root(LeafHashes, 0, size), $"frontier at size {size}");
        }
    }

    [Fact]
    public async Task audit_paths_match_the_definition()
    {
        var log = new MerkleLog(Grown(Largest));
        for (var size = 1; size <= Largest; size++)
        {
            for (var index = 0; index < size; index++)
            {
                (await log.InclusionProofAsync(index, size)).ShouldBe(MerkleTree.InclusionProof(LeafHashes, index, size), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public async Task consistency_proofs_match_the_definition()
    {
        var log = new MerkleLog(Grown(Largest));
        for (var newSize = 0; newSize <= Largest; newSize++)
        {
            for (var oldSize = 0; oldSize <= newSize; oldSize++)
            {
                (await log.ConsistencyProofAsync(oldSize, newSize)).ShouldBe(MerkleTree.ConsistencyProof(LeafHashes, oldSize, newSize), $"{oldSize} to {newSize}");
            }
        }
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData((1L << 40) - 1)]
    [InlineData(10_000_019L)]
    public void a_proof_reads_logarithmically_many_stored_nodes(long size)
    {
        var bound = 2 * (64 - (int)long.LeadingZeroCount(size));
        MerkleRanges.NodesFor([new LeafRange(0, size)]).Count.ShouldBeLessThanOrEqualTo(bound);
        MerkleRanges.NodesFor(MerkleRanges.InclusionPath(size / 3, size)).Count.ShouldBeLessThanOrEqualTo(bound);
        MerkleRanges.NodesFor(MerkleRanges.ConsistencyPath(size / 3, size)).Count.ShouldBeLessThanOrEqualTo(bound);
    }

    [Fact]
    public void appending_a_leaf_writes_the_leaf_and_the_subtrees_it_completes()
    {
        var frontier = MerkleFrontier.Empty();
        for (var i = 0; i < 7; i++)
        {
            frontier.Append(LeafHashes[i]);
        }

        frontier.Append(LeafHashes[7]).Select(node => node.Id).ShouldBe([new(0, 7), new(1, 3), new(2, 1), new(3, 0)]);
        frontier.Append(LeafHashes[8]).Select(node => node.Id).ShouldBe([new MerkleNodeId(0, 8)]);
    }
}
