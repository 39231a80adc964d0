using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Ledger.Integrity.Merkle;

namespace Ledger.Benchmarks;

/// <summary>The logs the benchmarks run on: N leaves, each the leaf hash of an 8-byte sequence number.</summary>
public static class Logs
{
    /// <summary>Seeds the random indices and sizes, so every run asks for the same proofs.</summary>
    public const int Seed = 9162;

    public static byte[] LeafHash(long sequence)
    {
        Span<byte> data = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(data, sequence);
        return MerkleHash.Leaf(data);
    }

    public static MemoryMerkleNodes Grow(long size)
    {
        var nodes = new MemoryMerkleNodes();
        for (var sequence = 0L; sequence < size; sequence++)
        {
            nodes.Append(LeafHash(sequence));
        }

        return nodes;
    }

    /// <summary>Grows the log and says on the console how long it took, which BenchmarkDotNet keeps in its log.</summary>
    public static MemoryMerkleNodes GrowAndTell(long size)
    {
        var stopwatch = Stopwatch.StartNew();
        var nodes = Grow(size);
        stopwatch.Stop();
        Console.WriteLine(Describe(size, stopwatch.Elapsed, nodes.Root()));
        return nodes;
    }

    public static string Describe(long size, TimeSpan elapsed, byte[] root) => string.Create(CultureInfo.InvariantCulture,
        $"// Grew a log of {size:N0} leaves (leaf hash + append) in {elapsed.TotalSeconds:F1} s: {size / elapsed.TotalSeconds:N0} appends/s; root {Convert.ToHexStringLower(root)}");
}
