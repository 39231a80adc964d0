using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Keccak-256 and RLP against their published examples (Keccak team, Ethereum Yellow Paper and wiki).</summary>
public class EthereumEncoding
{
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Text(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("Transfer(address,address,uint256)", "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]
    public void keccak_256_is_ethereums_hash(string input, string expected) =>
        Hex(Keccak.Hash256(Text(input))).ShouldBe(expected);

    [Fact]
    public void byte_strings_are_prefixed_by_their_length()
    {
        Hex(Rlp.Encode(Text("dog"))).ShouldBe("83646f67");
        Hex(Rlp.Encode(ReadOnlySpan<byte>.Empty)).ShouldBe("80");
        Hex(Rlp.Encode([0x0f])).ShouldBe("0f");
        Hex(Rlp.Encode([0x80])).ShouldBe("8180");
        Hex(Rlp.Encode(Text("Lorem ipsum dolor sit amet, consectetur adipisicing elit")))
            .ShouldBe("b838" + Hex(Text("Lorem ipsum dolor sit amet, consectetur adipisicing elit")));
    }

    [Fact]
    public void integers_are_minimal_big_endian()
    {
        Hex(Rlp.Encode(0UL)).ShouldBe("80");
        Hex(Rlp.Encode(15UL)).ShouldBe("0f");
        Hex(Rlp.Encode(1024UL)).ShouldBe("820400");
        Hex(Rlp.Encode(System.Numerics.BigInteger.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture))).ShouldBe("880de0b6b3a7640000");
    }

    [Fact]
    public void lists_are_prefixed_by_the_length_of_their_items()
    {
        Hex(Rlp.List(Rlp.Encode(Text("cat")), Rlp.Encode(Text("dog")))).ShouldBe("c88363617483646f67");
        Hex(Rlp.List()).ShouldBe("c0");
        // The set-theoretic representation of three: [ [], [[]], [ [], [[]] ] ]
        var zero = Rlp.List();
        var one = Rlp.List(zero);
        Hex(Rlp.List(zero, one, Rlp.List(zero, one))).ShouldBe("c7c0c1c0c3c0c1c0");
    }
}
