using System.Security.Cryptography;
using System.Text;
using Ledger.Integrity.Privacy;

namespace Ledger.Integrity.Tests.Privacy;

/// <summary>The key-encryption key from configuration: a file or base64 text, 32 bytes, and clear refusals naming the settings.</summary>
public sealed class VaultKeysTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("vault-keys-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    public void no_key_configured_is_refused_naming_both_settings(string? file, string? key)
    {
        var refused = Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(file, key));
        refused.Message.ShouldContain("Privacy:KeyEncryptionKeyFile");
        refused.Message.ShouldContain("Privacy:KeyEncryptionKey ");
    }

    [Fact]
    public void a_key_that_is_not_base64_is_refused_naming_the_setting()
    {
        var refused = Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(null, "not base64 at all!"));
        refused.Message.ShouldContain("Privacy:KeyEncryptionKey");
        refused.Message.ShouldContain("base64");
        refused.Message.ShouldNotContain("not base64 at all!");
    }

    [Fact]
    public void a_key_of_16_bytes_is_refused_naming_the_setting_and_not_the_key()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var refused = Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(null, key));
        refused.Message.ShouldContain("Privacy:KeyEncryptionKey");
        refused.Message.ShouldContain("16 bytes");
        refused.Message.ShouldNotContain(key);
    }

    [Fact]
    public void a_missing_key_file_is_refused_naming_the_setting()
    {
        var refused = Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(Path.Combine(directory, "absent.key"), null));
        refused.Message.ShouldContain("Privacy:KeyEncryptionKeyFile");
    }

    [Fact]
    public void both_settings_at_once_are_refused()
    {
        Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(Path.Combine(directory, "a.key"), VaultKeys.Generate()))
            .Message.ShouldContain("Privacy:KeyEncryptionKey");
    }

    [Fact]
    public void a_key_file_of_base64_text_or_of_32_raw_bytes_gives_the_same_keys_as_the_base64_setting()
    {
        var key = VaultKeys.Generate();
        var text = Path.Combine(directory, "text.key");
        var raw = Path.Combine(directory, "raw.key");
        File.WriteAllText(text, $"  {key}\n", Encoding.ASCII);
        File.WriteAllBytes(raw, Convert.FromBase64String(key));

        var expected = VaultKeys.FromConfiguration(null, key).LookupKey;
        VaultKeys.FromConfiguration(text, null).LookupKey.ShouldBe(expected);
        VaultKeys.FromConfiguration(raw, null).LookupKey.ShouldBe(expected);
    }

    [Fact]
    public void a_key_file_of_the_wrong_length_is_refused()
    {
        var file = Path.Combine(directory, "short.key");
        File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), Encoding.ASCII);
        Should.Throw<InvalidOperationException>(() => VaultKeys.FromConfiguration(file, null)).Message.ShouldContain("Privacy:KeyEncryptionKeyFile");
    }

    [Fact]
    public void a_generated_key_is_32_random_bytes_and_the_lookup_key_is_derived_from_it()
    {
        var key = VaultKeys.Generate();
        Convert.FromBase64String(key).Length.ShouldBe(32);
        VaultKeys.Generate().ShouldNotBe(key, StringComparer.Ordinal);

        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(key), 32, [], "ledger vault lookup v1"u8.ToArray());
        VaultKeys.FromConfiguration(null, key).LookupKey.ShouldBe(expected);
    }

    [Fact]
    public void the_lookup_of_an_identity_number_ignores_surrounding_space_and_case()
    {
        var keys = VaultKeys.FromConfiguration(null, VaultKeys.Generate());
        var expected = HMACSHA256.HashData(keys.LookupKey, "11010119900307001X"u8);
        keys.Lookup(" 11010119900307001x ").ShouldBe(expected);
        keys.Lookup("11010119900307001X").ShouldBe(expected);
    }
}
