using System.Numerics;
using System.Text;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>The Solidity ABI against the examples of the Solidity documentation ("Contract ABI Specification").</summary>
public class AbiEncoding
{
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Words(params string[] words) => string.Concat(words.Select(word => word.PadLeft(64, '0')));

    private static string Text(string text) => Convert.ToHexStringLower(Encoding.ASCII.GetBytes(text)).PadRight(64, '0');

    [Theory]
    [InlineData("transfer(address,uint256)", "a9059cbb")]
    [InlineData("baz(uint32,bool)", "cdcd77c0")]
    [InlineData("bar(bytes3[2])", "fce353f6")]
    [InlineData("sam(bytes,bool,uint256[])", "a5643bf2")]
    [InlineData("f(uint256,uint32[],bytes10,bytes)", "8be65246")]
    [InlineData("g(uint256[][],string[])", "2289b18c")]
    [InlineData("Error(string)", "08c379a0")]
    [InlineData("Panic(uint256)", "4e487b71")]
    public void a_selector_is_the_first_four_bytes_of_the_signatures_hash(string signature, string selector) =>
        Hex(AbiFunction.Parse(signature).Selector).ShouldBe(selector);

    [Fact]
    public void static_arguments_are_one_word_each() =>
        Hex(AbiFunction.Parse("baz(uint32 x, bool y)").EncodeCall(69, true)).ShouldBe("cdcd77c0" + Words("45", "1"));

    [Fact]
    public void a_fixed_array_of_static_values_is_encoded_in_place() =>
        Hex(AbiFunction.Parse("bar(bytes3[2])").EncodeCall((object)new[] { "abc"u8.ToArray(), "def"u8.ToArray() }))
            .ShouldBe("fce353f6" + Text("abc") + Text("def"));

    [Fact]
    public void dynamic_arguments_are_offsets_in_the_head_and_values_in_the_tail()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        var call = sam.EncodeCall("dave"u8.ToArray(), true, new[] { 1, 2, 3 });
        Hex(call).ShouldBe("a5643bf2" + Words("60", "1", "a0", "4") + Text("dave") + Words("3", "1", "2", "3"));

        var decoded = sam.DecodeCall(call);
        decoded[0].ShouldBe("dave"u8.ToArray());
        decoded[1].ShouldBe(true);
        decoded[2].ShouldBe(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) });
    }

    [Fact]
    public void static_and_dynamic_arguments_mix_as_the_documentation_shows()
    {
        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");
        var call = f.EncodeCall(0x123, new[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        Hex(call).ShouldBe("8be65246" + Words("123", "80") + Text("1234567890") + Words("e0", "2", "456", "789", "d") + Text("Hello, world!"));
    }

    [Fact]
    public void nested_dynamic_arrays_point_to_their_own_tails()
    {
        var g = AbiFunction.Parse("g(uint256[][],string[])");
        var call = g.EncodeCall(new[] { new[] { 1, 2 }, new[] { 3 } }, new[] { "one", "two", "three" });
        Hex(call).ShouldBe("2289b18c"
            + Words("40", "140")
            + Words("2", "40", "a0", "2", "1", "2", "1", "3")
            + Words("3", "60", "a0", "e0", "3") + Text("one") + Words("3") + Text("two") + Words("5") + Text("three"));

        var decoded = g.DecodeCall(call);
        decoded[1].ShouldBe(new object[] { "one", "two", "three" });
        ((object[])((object[])decoded[0])[0]).ShouldBe(new object[] { new BigInteger(1), new BigInteger(2) });
    }

    [Fact]
    public void the_types_a_ledger_anchor_uses_round_trip()
    {
        var anchor = AbiFunction.Parse("function anchor(bytes32 logId, uint64 treeSize, bytes32 root, bytes32[] consistencyProof) external");
        anchor.Signature.ShouldBe("anchor(bytes32,uint64,bytes32,bytes32[])");
        var logId = Bytes32.FromBytes(Keccak.Hash256("log"u8));
        var root = Keccak.Hash256("root"u8);
        var proof = new[] { Keccak.Hash256("a"u8), Keccak.Hash256("b"u8) };
        var call = anchor.EncodeCall(logId, 7UL, root, proof);
        call.Length.ShouldBe(4 + (32 * 7));

        var decoded = anchor.DecodeCall(call);
        decoded[0].ShouldBe(logId.ToBytes());
        decoded[1].ShouldBe(new BigInteger(7));
        decoded[2].ShouldBe(root);
        decoded[3].ShouldBe(proof);
    }

    [Fact]
    public void return_data_decodes_by_the_output_types()
    {
        var latest = AbiFunction.Parse("latest(bytes32 logId) view returns (uint64 treeSize, bytes32 root, uint64 anchoredAt)");
        latest.Signature.ShouldBe("latest(bytes32)");
        latest.Outputs.Select(output => output.Name).ShouldBe(["treeSize", "root", "anchoredAt"]);
        var root = Keccak.Hash256("root"u8);
        var values = latest.DecodeOutput(Convert.FromHexString(Words("2a") + Hex(root) + Words("6553f100")));
        values.ShouldBe(new object[] { new BigInteger(42), root, new BigInteger(1_700_000_000) });

        var owner = AbiFunction.Parse("admin() returns (address)");
        var admin = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        owner.DecodeOutput(Convert.FromHexString(Words("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"))).ShouldBe(new object[] { admin });
        AbiFunction.Parse("isAnchorer(address) returns (bool)").DecodeOutput(Convert.FromHexString(Words("1"))).ShouldBe(new object[] { true });
    }

    [Fact]
    public void strings_are_utf_8_and_signed_integers_twos_complement()
    {
        var types = new[] { AbiType.Parse("string"), AbiType.Parse("int8"), AbiType.Parse("int256") };
        var encoded = Abi.Encode(types, ["Grüße", -1, BigInteger.Parse("-1000", System.Globalization.CultureInfo.InvariantCulture)]);
        Hex(encoded).ShouldBe(Words("60", new string('f', 64), "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc18", "7")
            + Convert.ToHexStringLower(Encoding.UTF8.GetBytes("Grüße")).PadRight(64, '0'));
        Abi.Decode(types, encoded).ShouldBe(new object[] { "Grüße", new BigInteger(-1), new BigInteger(-1000) });
    }

    [Fact]
    public void values_out_of_their_types_range_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Abi.Encode([AbiType.Parse("uint8")], [256]));
        Should.Throw<ArgumentOutOfRangeException>(() => Abi.Encode([AbiType.Parse("uint64")], [-1]));
        Should.Throw<ArgumentOutOfRangeException>(() => Abi.Encode([AbiType.Parse("int8")], [128]));
        Should.Throw<ArgumentException>(() => Abi.Encode([AbiType.Parse("bytes32")], [new byte[31]]));
        Should.Throw<ArgumentException>(() => Abi.Encode([AbiType.Parse("address")], ["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"]));
        Should.Throw<ArgumentException>(() => Abi.Encode([AbiType.Parse("uint256"), AbiType.Parse("bool")], [1]));
    }

    [Fact]
    public void malformed_data_is_refused_rather_than_misread()
    {
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("uint64")], Convert.FromHexString(Words("1" + new string('0', 16)))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("bool")], Convert.FromHexString(Words("2"))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("address")], Convert.FromHexString(Words("1" + new string('0', 40)))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("bytes4")], Convert.FromHexString("0102030405" + new string('0', 54))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("bytes")], Convert.FromHexString(Words("20", "40") + Text("short"))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("uint256[]")], Convert.FromHexString(Words("20", "ffffffff"))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("string")], Convert.FromHexString(Words("1000"))));
        Should.Throw<FormatException>(() => Abi.Decode([AbiType.Parse("uint256")], new byte[31]));
    }

    [Fact]
    public void type_names_parse_to_their_canonical_form()
    {
        AbiType.Parse("uint").CanonicalName.ShouldBe("uint256");
        AbiType.Parse("int[3][]").CanonicalName.ShouldBe("int256[3][]");
        AbiType.Parse("(uint64, bytes32)[]").CanonicalName.ShouldBe("(uint64,bytes32)[]");
        AbiFunction.Parse("set((uint64 size, bytes32 root) head, string note)").Signature.ShouldBe("set((uint64,bytes32),string)");
        Should.Throw<FormatException>(() => AbiType.Parse("uint7"));
        Should.Throw<FormatException>(() => AbiType.Parse("bytes33"));
        Should.Throw<FormatException>(() => AbiType.Parse("uint0256"));
    }

    [Fact]
    public void a_tuple_with_a_dynamic_member_is_itself_dynamic()
    {
        var set = AbiFunction.Parse("set((uint64 size, string note) head)");
        var call = set.EncodeCall((object)new object[] { 5, "hi" });
        Hex(call[4..]).ShouldBe(Words("20", "5", "40", "2") + Text("hi"));
        set.DecodeCall(call).ShouldBe(new object[] { new object[] { new BigInteger(5), "hi" } });
    }

    [Fact]
    public void error_string_revert_data_reads_as_its_reason()
    {
        var revert = Convert.FromHexString("08c379a0" + Words("20", "1a") + Text("Not enough Ether provided."));
        AbiError.Reason.TryDecode(revert, out var reason).ShouldBeTrue();
        reason.ShouldBe(new object[] { "Not enough Ether provided." });
        AbiError.Describe(revert).ShouldBe("Error(\"Not enough Ether provided.\")");
        AbiError.Describe(Convert.FromHexString("4e487b71" + Words("11"))).ShouldBe("Panic(17)");
        AbiError.Describe([]).ShouldBe("reverted without data");
    }

    [Fact]
    public void custom_error_revert_data_reads_as_its_arguments()
    {
        var insufficient = AbiError.Parse("error InsufficientBalance(uint256 available, uint256 required)");
        var selector = Hex(Keccak.Hash256("InsufficientBalance(uint256,uint256)"u8)[..4]);
        var revert = Convert.FromHexString(selector + Words("64", "c8"));
        Hex(insufficient.Encode(100, 200)).ShouldBe(Hex(revert));
        insufficient.TryDecode(revert, out var arguments).ShouldBeTrue();
        arguments.ShouldBe(new object[] { new BigInteger(100), new BigInteger(200) });
        AbiError.Describe(revert, insufficient).ShouldBe("InsufficientBalance(100, 200)");
        AbiError.Reason.TryDecode(revert, out _).ShouldBeFalse();
        insufficient.TryDecode(revert[..^1], out _).ShouldBeFalse();
        AbiError.Describe(revert).ShouldBe("unknown revert data 0x" + Hex(revert));
    }

    [Fact]
    public void an_event_log_reads_from_its_topics_and_data()
    {
        var transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
        transfer.Topic0.ToString().ShouldBe("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
        var from = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var to = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var topics = new[] { transfer.Topic0, transfer.Topic("from", from), transfer.Topic("to", to) };
        topics[1].ToString().ShouldBe("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266");

        var values = transfer.Decode(topics, Convert.FromHexString(Words("3e8")));
        values.ShouldBe(new object[] { from, to, new BigInteger(1000) });
        transfer.Matches(topics[..2]).ShouldBeFalse();
        Should.Throw<FormatException>(() => AbiEvent.Parse("Approval(address indexed owner, address indexed spender, uint256 value)").Decode(topics, new byte[32]));
    }

    [Fact]
    public void an_indexed_dynamic_parameter_reads_as_the_hash_in_its_topic()
    {
        var noted = AbiEvent.Parse("Noted(string indexed note, uint64 size)");
        var hash = Bytes32.FromBytes(Keccak.Hash256("hello"u8));
        noted.Decode([noted.Topic0, hash], Convert.FromHexString(Words("9"))).ShouldBe(new object[] { hash, new BigInteger(9) });
    }
}
