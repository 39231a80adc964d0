using System.Numerics;
using Ledger.Integrity.Chain;

namespace Ledger.Integrity.Tests.Chain;

/// <summary>secp256k1 keys, signatures and EIP-55 addresses against published vectors (EIP-55, EIP-155, anvil's dev accounts).</summary>
public class KeysAndAddresses
{
    private const string Eip155Key = "0x4646464646464646464646464646464646464646464646464646464646464646";
    private const string AnvilFirstKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    [Theory]
    [InlineData(Eip155Key, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")]
    [InlineData(AnvilFirstKey, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")]
    [InlineData("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    public void a_private_key_controls_the_address_of_its_public_key(string privateKey, string address) =>
        EthereumKey.FromHex(privateKey).Address.ToString().ShouldBe(address);

    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void addresses_print_with_their_eip_55_checksum(string published) =>
        Address.Parse(published.ToLowerInvariant()).ToString().ShouldBe(published);

    [Fact]
    public void a_mixed_case_address_parses_only_with_a_correct_checksum()
    {
        Address.TryParse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", out _).ShouldBeTrue();
        Address.TryParse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", out _).ShouldBeFalse();
        Address.TryParse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out _).ShouldBeTrue();
        Address.TryParse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", out _).ShouldBeFalse();
        Address.TryParse("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", out _).ShouldBeFalse();
        Address.TryParse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", out _).ShouldBeFalse();
    }

    [Fact]
    public void addresses_are_equal_whatever_case_they_were_written_in()
    {
        Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").ShouldBe(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        default(Address).ShouldBe(Address.Zero);
        Address.Zero.ToString().ShouldBe("0x0000000000000000000000000000000000000000");
    }

    [Fact]
    public void signing_is_deterministic_and_always_low_s()
    {
        var key = EthereumKey.FromHex(AnvilFirstKey);
        for (var i = 0; i < 64; i++)
        {
            var hash = Keccak.Hash256(BitConverter.GetBytes(i));
            var signature = key.Sign(hash);
            key.Sign(hash).ShouldBe(signature);
            Secp256k1.IsLowS(signature).ShouldBeTrue();
            signature.S.ShouldBeLessThanOrEqualTo(Secp256k1.Order / 2);
            signature.RecoveryId.ShouldBeLessThanOrEqualTo((byte)1);
            Secp256k1.Recover(hash, signature).ShouldBe(key.PublicKey.ToArray());
        }
    }

    [Fact]
    public void a_signature_recovers_another_key_for_another_hash_or_the_wrong_parity()
    {
        var key = EthereumKey.FromHex(AnvilFirstKey);
        var hash = Keccak.Hash256("anchored"u8);
        var signature = key.Sign(hash);
        Address.FromPublicKey(Secp256k1.Recover(Keccak.Hash256("altered"u8), signature)!).ShouldNotBe(key.Address);
        Secp256k1.Recover(hash, signature with { RecoveryId = (byte)(1 - signature.RecoveryId) }).ShouldNotBe(key.PublicKey.ToArray());
        Secp256k1.Recover(hash, signature with { S = BigInteger.Zero }).ShouldBeNull();
        Secp256k1.Recover(hash, signature with { R = Secp256k1.Order }).ShouldBeNull();
    }

    [Fact]
    public void keys_load_from_hex_with_or_without_prefix_and_surrounding_whitespace()
    {
        EthereumKey.FromHex("  " + AnvilFirstKey[2..].ToUpperInvariant() + "\n").Address.ShouldBe(EthereumKey.FromHex(AnvilFirstKey).Address);
        Should.Throw<FormatException>(() => EthereumKey.FromHex(AnvilFirstKey[..^2]));
        Should.Throw<FormatException>(() => EthereumKey.FromHex(AnvilFirstKey[..^1] + "z"));
        Should.Throw<ArgumentException>(() => EthereumKey.FromHex("0x" + new string('0', 64)));
        Should.Throw<ArgumentException>(() => EthereumKey.FromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
    }

    [Fact]
    public void keys_load_from_a_file_and_from_an_environment_variable()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, AnvilFirstKey + "\n");
            EthereumKey.FromFile(path).Address.ToString().ShouldBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        }
        finally
        {
            File.Delete(path);
        }

        var variable = "LEDGER_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, AnvilFirstKey);
        try
        {
            EthereumKey.FromEnvironment(variable).Address.ToString().ShouldBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Should.Throw<InvalidOperationException>(() => EthereumKey.FromEnvironment(variable)).Message.ShouldContain(variable);
    }

    [Fact]
    public void a_key_never_shows_its_secret()
    {
        var key = EthereumKey.FromHex(AnvilFirstKey);
        key.ToString().ShouldBe("EthereumKey 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        $"{key}".ShouldNotContain(AnvilFirstKey[2..], Case.Insensitive);
        Should.Throw<FormatException>(() => EthereumKey.FromHex(AnvilFirstKey[..^1] + "z")).Message.ShouldNotContain(AnvilFirstKey[2..^1], Case.Insensitive);
    }
}
