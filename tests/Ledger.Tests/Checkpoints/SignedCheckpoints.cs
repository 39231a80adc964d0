using System.Security.Cryptography;
using Ledger.Integrity.Checkpoints;

namespace Ledger.Integrity.Tests.Checkpoints;

/// <summary>Checkpoints are C2SP signed notes that verify with the published verifier key and with nothing altered.</summary>
public sealed class SignedCheckpoints : IDisposable
{
    private readonly CheckpointSigner signer = new("ledger.city.test/log", NoteKeys.GeneratePem());
    private readonly Checkpoint checkpoint = new("ledger.city.test/log", 1234, SHA256.HashData("root"u8));

    [Fact]
    public void a_signed_checkpoint_is_the_body_a_blank_line_and_a_signature_line()
    {
        var note = signer.Sign(checkpoint);

        var lines = note.Split('\n');
        lines[0].ShouldBe("ledger.city.test/log");
        lines[1].ShouldBe("1234");
        Convert.FromBase64String(lines[2]).ShouldBe(checkpoint.Root);
        lines[3].ShouldBeEmpty();
        lines[4].ShouldStartWith("\u2014 ledger.city.test/log ");
        Convert.FromBase64String(lines[4].Split(' ')[2]).Length.ShouldBe(4 + 64);
        note.ShouldEndWith("\n");
    }

    [Fact]
    public void it_verifies_with_the_verifier_key()
    {
        var verification = CheckpointVerifier.Verify(signer.Sign(checkpoint), signer.VerifierKey);

        verification.Verified.ShouldBeTrue(verification.Failure);
        verification.Checkpoint!.Size.ShouldBe(1234);
        verification.Checkpoint.Root.ShouldBe(checkpoint.Root);
    }

    [Theory]
    [InlineData("1234\n", "1235\n")]
    [InlineData("ledger.city.test/log\n", "ledger.city.tezt/log\n")]
    public void an_altered_body_does_not_verify(string original, string altered)
    {
        var note = signer.Sign(checkpoint).Replace(original, altered, StringComparison.Ordinal);

        CheckpointVerifier.Verify(note, signer.VerifierKey).Verified.ShouldBeFalse();
    }

    [Fact]
    public void another_key_of_the_same_name_does_not_verify()
    {
        using var other = new CheckpointSigner("ledger.city.test/log", NoteKeys.GeneratePem());

        var verification = CheckpointVerifier.Verify(signer.Sign(checkpoint), other.VerifierKey);

        verification.Verified.ShouldBeFalse();
        verification.Failure.ShouldNotBeNull().ShouldContain("no signature");
    }

    [Fact]
    public void a_verifier_key_whose_key_id_does_not_match_is_refused()
    {
        var parts = signer.VerifierKey.Split('+', 3);
        var forged = $"{parts[0]}+00000000+{parts[2]}";

        CheckpointVerifier.Verify(signer.Sign(checkpoint), forged).Failure.ShouldNotBeNull().ShouldContain("key ID");
    }

    [Theory]
    [InlineData("origin\n12\n")]
    [InlineData("origin\n012\nAAAA\n")]
    [InlineData("origin\n12\nnot base64!\n")]
    [InlineData("origin\n12\nAAAA\n")]
    public void malformed_bodies_are_refused(string body) =>
        Should.Throw<FormatException>(() => Checkpoint.Parse(body));

    public void Dispose() => signer.Dispose();
}
