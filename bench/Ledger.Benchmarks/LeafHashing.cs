using BenchmarkDotNet.Attributes;
using Ledger.Canonical;
using Ledger.Integrity.Merkle;

namespace Ledger.Benchmarks;

/// <summary>Hashing one event into a leaf: RFC 9162's SHA-256 of 0x00 ‖ the event's canonical (RFC 8785) JSON.</summary>
[MemoryDiagnoser]
public class LeafHashing
{
    /// <summary>A certificate issue as the ledger records it, about 400 bytes once canonical.</summary>
    private const string Event = """
        {
          "type": "CertificateIssued",
          "sequence": 48213907,
          "at": "2026-11-23T09:41:07.512+08:00",
          "by": { "agency": "11310000MB2F123457", "officer": "officer.3457" },
          "data": {
            "certificateId": "5f0c2a9e-7b41-4c1e-9d2a-0e8b6f3c1a77",
            "identifier": "JY13101010048213",
            "holder": { "kind": "Enterprise", "name": "上海黄浦小笼包餐饮有限公司", "identityNumber": "91310101MA1FP0XX3K" },
            "validFrom": "2026-11-23",
            "validUntil": "2031-11-22",
            "sealKeyId": "seal-2026"
          }
        }
        """;

    private byte[] canonical = [];

    [GlobalSetup]
    public void Setup()
    {
        canonical = CanonicalJson.Canonicalise(Event);
        Console.WriteLine($"// The canonical event is {canonical.Length} bytes.");
    }

    [Benchmark(Description = "MerkleHash.Leaf, canonical event")]
    public byte[] Leaf() => MerkleHash.Leaf(canonical);
}
