using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Tests.Merkle;

/// <summary>Every proof the tree makes verifies with the RFC 9162 algorithms, and no altered proof, leaf or root does.</summary>
public class ProvingAndVerifying
{
    private const int Largest = 40;
    private static readonly byte[][] LeafHashes = [.. Enumerable.Range(0, Largest).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i * 7919)))];

    private static byte[] Flipped(byte[] hash)
    {
        var copy = hash.ToArray();
        copy[0] ^= 0x01;
        return copy;
    }

    [Fact]
    public void every_leaf_is_proven_in_every_tree_that_holds_it()
    {
        for (var size = 1; size <= Largest; size++)
        {
            var root = MerkleTree.Root(LeafHashes, 0, size);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.InclusionProof(LeafHashes, index, size);
                MerkleProofs.VerifyInclusion(LeafHashes[index], index, size, path, root).ShouldBeTrue($"leaf {index} of {size}");
                MerkleProofs.VerifyInclusion(Flipped(LeafHashes[index]), index, size, path, root).ShouldBeFalse();
                MerkleProofs.VerifyInclusion(LeafHashes[index], index, size, path, Flipped(root)).ShouldBeFalse();
                if (path.Count > 0)
                {
                    MerkleProofs.VerifyInclusion(LeafHashes[index], index, size, [.. path.Select((node, i) => i == path.Count - 1 ? Flipped(node) : node)], root).ShouldBeFalse();
                    MerkleProofs.VerifyInclusion(LeafHashes[index], index, size, path.Take(path.Count - 1).ToList(), root).ShouldBeFalse();
                }

                if (size > 1)
                {
                    MerkleProofs.VerifyInclusion(LeafHashes[index], (index + 1) % size, size, path, root).ShouldBeFalse($"leaf {index} claimed at another index in {size}");
                }
            }
        }
    }

    [Fact]
    public void every_tree_is_proven_a_prefix_of_every_larger_one()
    {
        for (var newSize = 1; newSize <= Largest; newSize++)
        {
            var newRoot = MerkleTree.Root(LeafHashes, 0, newSize);
            for (var oldSize = 1; oldSize <= newSize; oldSize++)
            {
                var oldRoot = MerkleTree.Root(LeafHashes, 0, oldSize);
                var proof = MerkleTree.ConsistencyProof(LeafHashes, oldSize, newSize);
                MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof).ShouldBeTrue($"{oldSize} to {newSize}");
                if (oldSize < newSize)
                {
                    MerkleProofs.VerifyConsistency(oldSize, newSize, Flipped(oldRoot), newRoot, proof).ShouldBeFalse();
                    MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, Flipped(newRoot), proof).ShouldBeFalse();
                    MerkleProofs.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, [.. proof.Select((node, i) => i == 0 ? Flipped(node) : node)]).ShouldBeFalse();
                }
            }
        }
    }

    [Fact]
    public void a_rewritten_history_is_not_consistent_with_the_old_root()
    {
        var rewritten = LeafHashes.ToArray();
        rewritten[3] = MerkleHash.Leaf("a different event"u8);
        var oldRoot = MerkleTree.Root(LeafHashes, 0, 10);

        var proof = MerkleTree.ConsistencyProof(rewritten, 10, 20);

        MerkleProofs.VerifyConsistency(10, 20, oldRoot, MerkleTree.Root(rewritten, 0, 20), proof).ShouldBeFalse();
    }
}
