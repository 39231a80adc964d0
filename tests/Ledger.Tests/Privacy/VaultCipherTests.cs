using System.Security.Cryptography;
using Ledger.Integrity.Privacy;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>The vault's cryptography without a database: sealing, opening, wrapping and the commitment each value carries.</summary>
public class VaultCipherTests
{
    private static readonly Guid Subject = Guid.CreateVersion7();

    [Fact]
    public void a_sealed_value_opens_to_itself_and_its_commitment_is_that_of_its_salt_and_value()
    {
        var key = VaultCipher.NewDataKey();
        var salt = Commitment.NewSalt();
        var sealedValue = VaultCipher.Seal(key, Subject, salt, "上海黄浦小笼包", out var commitment);

        commitment.ShouldBe(Commitment.Of(salt, "上海黄浦小笼包"));
        sealedValue.Nonce.Length.ShouldBe(12);
        sealedValue.Tag.Length.ShouldBe(16);
        VaultCipher.Open(key, Subject, commitment, sealedValue).ShouldBe("上海黄浦小笼包");
    }

    [Fact]
    public void a_decomposed_value_is_sealed_in_composed_form_and_commits_as_the_composed_value()
    {
        var key = VaultCipher.NewDataKey();
        var salt = Commitment.NewSalt();
        var sealedValue = VaultCipher.Seal(key, Subject, salt, "Jose\u0301", out var commitment);

        commitment.ShouldBe(Commitment.Of(salt, "Jos\u00e9"));
        VaultCipher.Open(key, Subject, commitment, sealedValue).ShouldBe("Jos\u00e9");
    }

    [Fact]
    public void a_value_opened_for_another_subject_or_commitment_or_key_is_taken_for_tampering()
    {
        var key = VaultCipher.NewDataKey();
        var sealedValue = VaultCipher.Seal(key, Subject, Commitment.NewSalt(), "13800138000", out var commitment);
        var otherCommitment = SHA256.HashData(commitment);

        Should.Throw<VaultTamperedException>(() => VaultCipher.Open(key, Guid.CreateVersion7(), commitment, sealedValue));
        Should.Throw<VaultTamperedException>(() => VaultCipher.Open(key, Subject, otherCommitment, sealedValue))
            .Commitment.ShouldBe(Convert.ToHexStringLower(otherCommitment));
        Should.Throw<VaultTamperedException>(() => VaultCipher.Open(VaultCipher.NewDataKey(), Subject, commitment, sealedValue));
    }

    [Fact]
    public void a_tampered_ciphertext_names_the_commitment_and_not_the_value()
    {
        var key = VaultCipher.NewDataKey();
        var sealedValue = VaultCipher.Seal(key, Subject, Commitment.NewSalt(), "张三丰", out var commitment);
        var ciphertext = (byte[])sealedValue.Ciphertext.Clone();
        ciphertext[^1] ^= 1;

        var refused = Should.Throw<VaultTamperedException>(() => VaultCipher.Open(key, Subject, commitment, sealedValue with { Ciphertext = ciphertext }));
        refused.Message.ShouldContain(Convert.ToHexStringLower(commitment));
        refused.Message.ShouldNotContain("张三丰");
    }

    [Fact]
    public void a_wrapped_data_key_unwraps_only_under_its_key_and_for_its_subject()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var dataKey = VaultCipher.NewDataKey();
        var wrapped = VaultCipher.WrapKey(kek, Subject, dataKey);

        VaultCipher.UnwrapKey(kek, Subject, wrapped).ShouldBe(dataKey);
        wrapped.Ciphertext.ShouldNotBe(dataKey);
        Should.Throw<VaultTamperedException>(() => VaultCipher.UnwrapKey(kek, Guid.CreateVersion7(), wrapped));
        Should.Throw<VaultTamperedException>(() => VaultCipher.UnwrapKey(RandomNumberGenerator.GetBytes(32), Subject, wrapped)).Subject.ShouldBe(Subject);
    }

    [Fact]
    public void no_nonce_is_used_twice_across_100000_values()
    {
        var key = VaultCipher.NewDataKey();
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var sealedValue = VaultCipher.Seal(key, Subject, Commitment.NewSalt(), "13800138000", out _);
            nonces.Add(Convert.ToHexStringLower(sealedValue.Nonce)).ShouldBeTrue($"value {i} reused a nonce");
        }

        nonces.Count.ShouldBe(100_000);
    }

    [Fact]
    public void the_same_value_sealed_twice_gives_two_commitments_and_two_ciphertexts()
    {
        var key = VaultCipher.NewDataKey();
        var first = VaultCipher.Seal(key, Subject, Commitment.NewSalt(), "张三丰", out var firstCommitment);
        var second = VaultCipher.Seal(key, Subject, Commitment.NewSalt(), "张三丰", out var secondCommitment);

        firstCommitment.ShouldNotBe(secondCommitment);
        first.Ciphertext.ShouldNotBe(second.Ciphertext);
    }
}
