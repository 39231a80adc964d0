using CsCheck;
using Ledger.Integrity.Merkle;

namespace Ledger.Integrity.Tests.Merkle;

/// <summary>
/// The stored log and the RFC 9162 verifiers, on random logs of up to <see cref="Largest"/> leaves: the log answers as the
/// reference definitions, every proof it makes verifies against its tree heads, and no proof survives a flipped bit, a
/// missing or extra node, or a claim about another leaf or another size.
/// </summary>
public class MerkleProperties
{
    private const int Largest = 2000;
    private const int Iterations = 150;
    private const int HashBits = MerkleHash.Size * 8;

    /// <summary>
    /// A log of random events with random sizes 1 ≤ OldSize ≤ Size ≤ the log's length, a random leaf below Size, other
    /// sizes and another leaf to make false claims with, and a random bit position for every hash a check alters.
    /// </summary>
    private static readonly Gen<Case> Cases =
        from events in Gen.Byte.Array[0, 48].Array[1, Largest]
        from size in Gen.Int[1, events.Length]
        from oldSize in Gen.Int[1, size]
        from index in Gen.Int[0, size - 1]
        from otherIndex in Gen.Int[0, size - 1]
        from otherSize in Gen.Int[1, events.Length]
        from otherOldSize in Gen.Int[1, otherSize]
        from bits in Gen.Int[0, HashBits - 1].Array[64]
        select new Case(events, size, oldSize, index, otherIndex, otherSize, otherOldSize, bits);

    [Fact]
    public Task the_stored_log_answers_as_the_reference_at_random_sizes() =>
        Cases.SampleAsync(async c =>
        {
            var (leaves, nodes, log) = Grown(c);
            nodes.Root().ShouldBe(MerkleTree.Root(leaves), "frontier");
            (await log.RootAsync(c.Size)).ShouldBe(MerkleTree.Root(leaves, 0, c.Size), "tree head");
            (await log.RootAsync(c.OldSize)).ShouldBe(MerkleTree.Root(leaves, 0, c.OldSize), "old tree head");
            (await log.InclusionProofAsync(c.Index, c.Size)).ShouldBe(MerkleTree.InclusionProof(leaves, c.Index, c.Size), "audit path");
            (await log.ConsistencyProofAsync(c.OldSize, c.Size)).ShouldBe(MerkleTree.ConsistencyProof(leaves, c.OldSize, c.Size), "consistency proof");
        }, iter: Iterations);

    [Fact]
    public Task every_inclusion_proof_verifies_and_no_altered_one_does() =>
        Cases.SampleAsync(async c =>
        {
            var (leaves, _, log) = Grown(c);
            var leaf = leaves[c.Index];
            var root = await log.RootAsync(c.Size);
            var path = await log.InclusionProofAsync(c.Index, c.Size);

            MerkleProofs.VerifyInclusion(leaf, c.Index, c.Size, path, root).ShouldBeTrue("the proof as made");
            MerkleProofs.VerifyInclusion(Flipped(leaf, c.Bits[0]), c.Index, c.Size, path, root).ShouldBeFalse("a bit of the leaf flipped");
            MerkleProofs.VerifyInclusion(leaf, c.Index, c.Size, path, Flipped(root, c.Bits[1])).ShouldBeFalse("a bit of the root flipped");
            for (var i = 0; i < path.Count; i++)
            {
                MerkleProofs.VerifyInclusion(leaf, c.Index, c.Size, Replaced(path, i, Flipped(path[i], c.Bits[2 + i])), root)
                    .ShouldBeFalse($"a bit of node {i} flipped");
            }

            foreach (var (altered, what) in Truncated(path).Concat(Extended(path, Flipped(root, c.Bits[^1]))))
            {
                MerkleProofs.VerifyInclusion(leaf, c.Index, c.Size, altered, root).ShouldBeFalse(what);
            }
        }, iter: Iterations);

    [Fact]
    public Task an_inclusion_proof_holds_for_no_other_leaf_or_size() =>
        Cases.SampleAsync(async c =>
        {
            var (leaves, _, log) = Grown(c);
            var leaf = leaves[c.Index];
            var root = await log.RootAsync(c.Size);
            var path = await log.InclusionProofAsync(c.Index, c.Size);

            if (c.OtherIndex != c.Index)
            {
                MerkleProofs.VerifyInclusion(leaf, c.OtherIndex, c.Size, path, root).ShouldBeFalse($"the leaf claimed at {c.OtherIndex}");
                MerkleProofs.VerifyInclusion(leaves[c.OtherIndex], c.OtherIndex, c.Size, path, root).ShouldBeFalse($"leaf {c.OtherIndex} with leaf {c.Index}'s path");
            }

            foreach (var outside in new long[] { -1, c.Size, c.Size + c.Index, long.MaxValue })
            {
                MerkleProofs.VerifyInclusion(leaf, outside, c.Size, path, root).ShouldBeFalse($"the leaf claimed at {outside}");
            }

            if (c.OtherSize != c.Size)
            {
                // Against the log's own head at the size claimed, a proof made for another size never holds.
                var otherRoot = await log.RootAsync(c.OtherSize);
                MerkleProofs.VerifyInclusion(leaf, c.Index, c.OtherSize, path, otherRoot)
                    .ShouldBeFalse($"the head of size {c.OtherSize}");

                // Against the head it was made for, a proof does not bind the size on its own (RFC 9162 takes size and root from
                // one signed tree head): it holds exactly when the leaf sits at the same place in both shapes of tree.
                MerkleProofs.VerifyInclusion(leaf, c.Index, c.OtherSize, path, root)
                    .ShouldBe(c.Index < c.OtherSize && Route(c.Index, c.OtherSize).SequenceEqual(Route(c.Index, c.Size)), $"size {c.OtherSize} claimed with the head of {c.Size}");
            }
        }, iter: Iterations);

    [Fact]
    public Task every_consistency_proof_verifies_and_no_altered_one_does() =>
        Cases.SampleAsync(async c =>
        {
            var (_, _, log) = Grown(c);
            var oldRoot = await log.RootAsync(c.OldSize);
            var newRoot = await log.RootAsync(c.Size);
            var proof = await log.ConsistencyProofAsync(c.OldSize, c.Size);

            MerkleProofs.VerifyConsistency(c.OldSize, c.Size, oldRoot, newRoot, proof).ShouldBeTrue("the proof as made");
            MerkleProofs.VerifyConsistency(c.OldSize, c.Size, Flipped(oldRoot, c.Bits[0]), newRoot, proof).ShouldBeFalse("a bit of the old root flipped");
            MerkleProofs.VerifyConsistency(c.OldSize, c.Size, oldRoot, Flipped(newRoot, c.Bits[1]), proof).ShouldBeFalse("a bit of the new root flipped");
            for (var i = 0; i < proof.Count; i++)
            {
                MerkleProofs.VerifyConsistency(c.OldSize, c.Size, oldRoot, newRoot, Replaced(proof, i, Flipped(proof[i], c.Bits[2 + i])))
                    .ShouldBeFalse($"a bit of node {i} flipped");
            }

            foreach (var (altered, what) in Truncated(proof).Concat(Extended(proof, Flipped(newRoot, c.Bits[^1]))))
            {
                MerkleProofs.VerifyConsistency(c.OldSize, c.Size, oldRoot, newRoot, altered).ShouldBeFalse(what);
            }
        }, iter: Iterations);

    [Fact]
    public Task a_consistency_proof_holds_for_no_other_sizes() =>
        Cases.SampleAsync(async c =>
        {
            var (_, _, log) = Grown(c);
            var oldRoot = await log.RootAsync(c.OldSize);
            var newRoot = await log.RootAsync(c.Size);
            var proof = await log.ConsistencyProofAsync(c.OldSize, c.Size);

            MerkleProofs.VerifyConsistency(c.Size, c.OldSize, newRoot, oldRoot, proof).ShouldBe(c.OldSize == c.Size, "the sizes swapped");
            MerkleProofs.VerifyConsistency(-c.OldSize, c.Size, oldRoot, newRoot, proof).ShouldBeFalse("a negative old size");

            // Between the log's own heads at other sizes, the proof holds only where it is also the proof for those sizes
            // (which happens when both pairs of sizes are equal, and the proof is empty).
            foreach (var (oldSize, newSize) in new[] { (c.OtherOldSize, c.OtherSize), (c.OldSize, c.OtherSize), (Math.Min(c.OtherOldSize, c.Size), c.Size) })
            {
                if ((oldSize, newSize) == (c.OldSize, c.Size))
                {
                    continue;
                }

                var genuine = await log.ConsistencyProofAsync(Math.Min(oldSize, newSize), newSize);
                var holds = oldSize <= newSize && genuine.Count == proof.Count && genuine.Zip(proof).All(pair => pair.First.SequenceEqual(pair.Second));
                var (claimedOldRoot, claimedNewRoot) = (await log.RootAsync(oldSize), await log.RootAsync(newSize));
                MerkleProofs.VerifyConsistency(oldSize, newSize, claimedOldRoot, claimedNewRoot, proof)
                    .ShouldBe(holds, $"{oldSize} to {newSize} claimed with the proof of {c.OldSize} to {c.Size}");
            }
        }, iter: Iterations);

    private static (byte[][] Leaves, MemoryMerkleNodes Nodes, MerkleLog Log) Grown(Case c)
    {
        // Every event carries its position, as the ledger's events carry their sequence number, so no two leaves are equal.
        var leaves = c.Events.Select((data, i) => MerkleHash.Leaf([.. BitConverter.GetBytes(i), .. data])).ToArray();
        var nodes = new MemoryMerkleNodes();
        foreach (var leaf in leaves)
        {
            nodes.Append(leaf);
        }

        return (leaves, nodes, new MerkleLog(nodes));
    }

    private static byte[] Flipped(byte[] hash, int bit)
    {
        var copy = hash.ToArray();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static byte[][] Replaced(IReadOnlyList<byte[]> nodes, int at, byte[] node) => [.. nodes.Select((n, i) => i == at ? node : n)];

    private static IEnumerable<(byte[][] Proof, string What)> Truncated(IReadOnlyList<byte[]> nodes)
    {
        if (nodes.Count > 0)
        {
            yield return ([.. nodes.Take(nodes.Count - 1)], "the last node dropped");
            yield return ([.. nodes.Skip(1)], "the first node dropped");
        }
    }

    private static IEnumerable<(byte[][] Proof, string What)> Extended(IReadOnlyList<byte[]> nodes, byte[] extra)
    {
        yield return ([.. nodes, extra], "a node appended");
        yield return ([extra, .. nodes], "a node prepended");
        if (nodes.Count > 0)
        {
            yield return ([.. nodes, nodes[^1]], "the last node repeated");
        }
    }

    /// <summary>Where the leaf's path goes up the tree of <paramref name="size"/> leaves: true where the sibling is on the left.</summary>
    private static bool[] Route(long index, long size) => [.. MerkleRanges.InclusionPath(index, size).Select(sibling => sibling.Start < index)];

    private sealed record Case(byte[][] Events, int Size, int OldSize, int Index, int OtherIndex, int OtherSize, int OtherOldSize, int[] Bits)
    {
        public override string ToString() =>
            $"{Events.Length} leaves, size {Size}, old size {OldSize}, leaf {Index}, other leaf {OtherIndex}, other sizes {OtherOldSize} to {OtherSize}";
    }
}
