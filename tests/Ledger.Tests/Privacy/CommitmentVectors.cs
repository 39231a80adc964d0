using System.Security.Cryptography;
using Ledger.Integrity.Privacy;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>
/// Fixed vectors for salted commitments (specs/commitment-vectors.md): SHA-256 over the 32-byte salt followed by the
/// UTF-8 bytes of the value in normalisation form C, as lower-case hex. Each expected hash is also recomputed here from
/// the salt and the hand-written UTF-8 bytes, without going through <see cref="Commitment"/>.
/// </summary>
public class CommitmentVectors
{
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        // salt hex, value, UTF-8 bytes of its NFC form (by hand), commitment hex
        {
            "0000000000000000000000000000000000000000000000000000000000000000", "张三", "e5bca0e4b889",
            "9e66c3e919d1ab44f3dcea0dd5e9adc71d8057245df3a0d796255c5dee234253"
        },
        {
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "310101199001011234",
            "333130313031313939303031303131323334",
            "31950f60fc722238f02f615b7c1b0974862930adab5f647eb044ce3c9c09086d"
        },
        {
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "e\u0301", "c3a9",
            "1324352d21d150b593f2678b392195918ddc2f9be94108190146035c3fc946f2"
        },
        {
            "9f3a6c1e52d8b07a44e1c9f2306b8d5ea7130c4f92be6d18f5a0273c8e4b61d9", "", "",
            "37e4a3f6e8eda341dea310b23422bc07fb4e95d18fc4595262408cf523491f0d"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void a_commitment_matches_its_fixed_vector(string saltHex, string value, string utf8Hex, string commitmentHex)
    {
        _ = utf8Hex;
        var salt = Convert.FromHexString(saltHex);

        Commitment.HexOf(salt, value).ShouldBe(commitmentHex);
        Commitment.Opens(commitmentHex, salt, value).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void a_vector_is_sha_256_over_the_salt_then_the_nfc_utf8_bytes(string saltHex, string value, string utf8Hex, string commitmentHex)
    {
        _ = value;
        var preimage = Convert.FromHexString(saltHex + utf8Hex);

        preimage.Length.ShouldBe(Commitment.SaltBytes + (utf8Hex.Length / 2));
        Convert.ToHexStringLower(SHA256.HashData(preimage)).ShouldBe(commitmentHex);
    }

    [Fact]
    public void a_decomposed_value_commits_exactly_as_its_precomposed_form()
    {
        var salt = Convert.FromHexString("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

        Commitment.HexOf(salt, "e\u0301").ShouldBe(Commitment.HexOf(salt, "\u00e9"));
        Commitment.HexOf(salt, "\u00e9").ShouldBe("1324352d21d150b593f2678b392195918ddc2f9be94108190146035c3fc946f2");
        Convert.ToHexStringLower(SHA256.HashData([.. salt, 0xc3, 0xa9]))
            .ShouldBe("1324352d21d150b593f2678b392195918ddc2f9be94108190146035c3fc946f2");
    }

    [Fact]
    public void the_same_value_under_another_salt_commits_differently()
    {
        var zeros = new byte[Commitment.SaltBytes];
        var ones = Enumerable.Repeat((byte)0xff, Commitment.SaltBytes).ToArray();

        string.Equals(Commitment.HexOf(zeros, "张三"), Commitment.HexOf(ones, "张三"), StringComparison.Ordinal).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void a_salt_that_is_not_32_bytes_is_refused(int length)
    {
        var salt = new byte[length];

        Should.Throw<ArgumentException>(() => Commitment.HexOf(salt, "张三"));
        Commitment.Opens("9e66c3e919d1ab44f3dcea0dd5e9adc71d8057245df3a0d796255c5dee234253", salt, "张三").ShouldBeFalse();
    }
}
