using Ledger.Integrity.Checkpoints;

namespace Ledger.Api.Log;

/// <summary>The ledger's checkpoint signer, loaded once from configuration; the private key stays inside it.</summary>
public sealed class CheckpointKey(CheckpointSigner signer) : IDisposable
{
    public CheckpointSigner Signer { get; } = signer;

    public void Dispose() => Signer.Dispose();
}
