using Ledger.Integrity.Checkpoints;

namespace Ledger.Integrity.Checkpoints;

/// <summary>The ledger's checkpoint signer, loaded once from configuration; the private key stays inside it.</summary>
public sealed class CheckpointKey(CheckpointSigner signer) : IDisposable
{
    public CheckpointSigner Signer { get; } = signer;

    public void Dispose() => Signer.Dispose();
}
