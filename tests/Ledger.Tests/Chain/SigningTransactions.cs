using System.Globalization;
using System.Numerics;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>Legacy EIP-155 transactions against the example published in EIP-155; EIP-1559 transactions by their layout and round trip.</summary>
public class SigningTransactions
{
    private static readonly EthereumKey Eip155Key = EthereumKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
    private static readonly BigInteger OneEther = BigInteger.Pow(10, 18);

    private static readonly LegacyTransaction Eip155Example = new(
        Nonce: 9,
        GasPrice: 20_000_000_000,
        GasLimit: 21_000,
        To: Address.Parse("0x3535353535353535353535353535353535353535"),
        Value: OneEther,
        Data: ReadOnlyMemory<byte>.Empty,
        ChainId: 1);

    private static readonly Eip1559Transaction Transfer = new(
        ChainId: 31337,
        Nonce: 3,
        MaxPriorityFeePerGas: 1_000_000_000,
        MaxFeePerGas: 3_000_000_000,
        GasLimit: 21_000,
        To: Address.Parse("0x3535353535353535353535353535353535353535"),
        Value: OneEther,
        Data: ReadOnlyMemory<byte>.Empty);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Fact]
    public void the_eip_155_example_signs_to_its_published_hash_and_transaction()
    {
        Hex(Eip155Example.SigningHash()).ShouldBe("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
        var signature = Eip155Key.Sign(Eip155Example.SigningHash());
        signature.R.ShouldBe(BigInteger.Parse("18515461264373351373200002665853028612451056578545711640558177340181847433846", CultureInfo.InvariantCulture));
        signature.S.ShouldBe(BigInteger.Parse("46948507304638947509940763649030358759909902576025900602547168820602576006531", CultureInfo.InvariantCulture));
        Eip155Example.Sign(Eip155Key).ToString().ShouldBe(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
    }

    [Fact]
    public void a_signed_legacy_transaction_reads_back_with_its_chain_id_and_sender()
    {
        var signed = Eip155Example.Sign(Eip155Key);
        var (transaction, signature) = LegacyTransaction.Decode(signed.Raw.Span);
        transaction.SigningHash().ShouldBe(Eip155Example.SigningHash());
        transaction.ChainId.ShouldBe(1UL);
        transaction.Value.ShouldBe(OneEther);
        transaction.Encode(signature).ShouldBe(signed.Raw.ToArray());
        signature.RecoveryId.ShouldBe((byte)0);
        signed.RecoverSender().ShouldBe(Eip155Key.Address);
    }

    [Fact]
    public void an_eip_1559_transaction_is_type_2_followed_by_its_rlp_fields()
    {
        var signed = Transfer.Sign(Eip155Key);
        var raw = signed.Raw.ToArray();
        raw[0].ShouldBe((byte)0x02);
        var fields = Rlp.Decode(raw.AsSpan(1)).Items;
        fields.Count.ShouldBe(12);
        fields[0].ToUInt64().ShouldBe(31337UL);
        fields[5].Bytes.ShouldBe(Transfer.To!.Value.ToBytes());
        fields[8].Items.ShouldBeEmpty();
        Hex(Transfer.SigningHash()).ShouldBe(Hex(Keccak.Hash256([0x02, .. Rlp.List(fields.Take(9).Select(Reencode))])));
        signed.Hash.ToBytes().ShouldBe(Keccak.Hash256(raw));
    }

    [Fact]
    public void a_signed_eip_1559_transaction_reads_back_whole_and_recovers_its_sender()
    {
        var withAccessList = Transfer with
        {
            To = null,
            Data = new byte[] { 0x60, 0x00, 0x60, 0x00, 0xf3 },
            AccessList = [new AccessListEntry(Eip155Key.Address, [Bytes32.Zero, Bytes32.FromBytes(Keccak.Hash256("slot"u8))])],
        };
        var signed = withAccessList.Sign(Eip155Key);
        var (transaction, signature) = Eip1559Transaction.Decode(signed.Raw.Span);
        transaction.SigningHash().ShouldBe(withAccessList.SigningHash());
        transaction.To.ShouldBeNull();
        transaction.Data.ToArray().ShouldBe(withAccessList.Data.ToArray());
        transaction.AccessList.ShouldHaveSingleItem().StorageKeys.ShouldBe(withAccessList.AccessList[0].StorageKeys);
        transaction.Encode(signature).ShouldBe(signed.Raw.ToArray());
        Secp256k1.Recover(withAccessList.SigningHash(), signature).ShouldBe(Eip155Key.PublicKey.ToArray());
        signed.RecoverSender().ShouldBe(Eip155Key.Address);
    }

    [Fact]
    public void a_tampered_transaction_no_longer_recovers_its_signer()
    {
        var raw = Transfer.Sign(Eip155Key).Raw.ToArray();
        var valueOffset = raw.AsSpan().IndexOf(Rlp.Encode(OneEther));
        raw[valueOffset + 1] ^= 0x01;
        var tampered = new SignedTransaction(raw);
        tampered.RecoverSender().ShouldNotBe(Eip155Key.Address);
    }

    [Fact]
    public void rlp_decoding_refuses_non_canonical_and_truncated_input()
    {
        Rlp.Decode(Convert.FromHexString("c88363617483646f67")).Items.Select(item => item.Bytes).ShouldBe([[0x63, 0x61, 0x74], [0x64, 0x6f, 0x67]]);
        Rlp.Decode([0x80]).ToBigInteger().ShouldBe(BigInteger.Zero);
        Should.Throw<FormatException>(() => Rlp.Decode([0x81, 0x05]));
        Should.Throw<FormatException>(() => Rlp.Decode([0xb8, 0x01, 0xff]));
        Should.Throw<FormatException>(() => Rlp.Decode([0x83, 0x61, 0x62]));
        Should.Throw<FormatException>(() => Rlp.Decode([0x80, 0x80]));
        Should.Throw<FormatException>(() => Rlp.Decode([0x82, 0x00, 0x01]).ToBigInteger());
        Should.Throw<FormatException>(() => Rlp.Decode([0xc0]).Bytes);
    }

    private static byte[] Reencode(RlpItem item) => item.IsList ? Rlp.List(item.Items.Select(Reencode)) : Rlp.Encode(item.Bytes);
}
