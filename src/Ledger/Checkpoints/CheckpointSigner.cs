using System.Text;
using NSec.Cryptography;

namespace Ledger.Integrity.Checkpoints;

/// <summary>Signs checkpoints as C2SP signed notes with the ledger's Ed25519 key. The private key never leaves this object.</summary>
public sealed class CheckpointSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key key;

    public CheckpointSigner(string name, string privateKeyPem)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('+', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("A signer name is non-empty, without '+' or white space.", nameof(name));
        }

        Name = name;
        key = Key.Import(Ed25519, Encoding.ASCII.GetBytes(privateKeyPem), KeyBlobFormat.PkixPrivateKeyText);
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public string Name { get; }

    public byte[] PublicKey { get; }

    public string VerifierKey => NoteKeys.VerifierKey(Name, PublicKey);

    /// <summary>The signed note: the body, a blank line, and one signature line "— name base64(key ID || signature)".</summary>
    public string Sign(Checkpoint checkpoint)
    {
        var body = checkpoint.BodyBytes();
        var signature = Ed25519.Sign(key, body);
        return $"{checkpoint.Body()}\n\u2014 {Name} {Convert.ToBase64String([.. NoteKeys.KeyId(Name, PublicKey), .. signature])}\n";
    }

    public void Dispose() => key.Dispose();

    public override string ToString() => $"checkpoint signer {VerifierKey}";
}

/// <summary>The outcome of checking a signed checkpoint: the checkpoint, or why it was not accepted.</summary>
public sealed record CheckpointVerification(Checkpoint? Checkpoint, string? Failure)
{
    public bool Verified => Checkpoint is not null;
}

/// <summary>Checks a signed note against a verifier key, trusting nothing else.</summary>
public static class CheckpointVerifier
{
    public static CheckpointVerification Verify(string signedNote, string verifierKey)
    {
        string name;
        byte[] publicKey;
        try
        {
            (name, publicKey) = NoteKeys.ParseVerifierKey(verifierKey);
        }
        catch (FormatException exception)
        {
            return new(null, exception.Message);
        }

        var split = signedNote.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return new(null, "The note has no blank line between its text and its signatures.");
        }

        var body = signedNote[..(split + 1)];
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Parse(body);
        }
        catch (FormatException exception)
        {
            return new(null, exception.Message);
        }

        var keyId = NoteKeys.KeyId(name, publicKey);
        var key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
        foreach (var line in signedNote[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !string.Equals(parts[0], "\u2014", StringComparison.Ordinal) || !string.Equals(parts[1], name, StringComparison.Ordinal))
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                return new(null, $"The signature line of {name} is not base64.");
            }

            if (blob.Length == 4 + 64 && blob.AsSpan(0, 4).SequenceEqual(keyId))
            {
                return SignatureAlgorithm.Ed25519.Verify(key, Encoding.UTF8.GetBytes(body), blob.AsSpan(4))
                    ? new(checkpoint, null)
                    : new(null, $"The signature of {name} does not verify: the checkpoint or the signature was altered.");
            }
        }

        return new(null, $"The note carries no signature by {name} with key ID {Convert.ToHexStringLower(keyId)}.");
    }
}
