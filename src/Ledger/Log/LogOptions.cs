namespace Ledger.Integrity.Log;

/// <summary>The "Ledger" configuration section: the log's name and checkpoint key, and how often the log is extended.</summary>
public sealed class LogOptions
{
    public const string Section = "Ledger";

    /// <summary>The checkpoint origin line and signer name, e.g. "ledger.city.example/log".</summary>
    public string Origin { get; set; } = "ledger.city.local/log";

    /// <summary>The Ed25519 checkpoint signing key as PKCS#8 PEM text (prefer <see cref="CheckpointKeyFile"/>).</summary>
    public string? CheckpointKey { get; set; }

    /// <summary>A file holding the PKCS#8 PEM checkpoint signing key; `ledger dev-keys` writes one.</summary>
    public string? CheckpointKeyFile { get; set; }

    public int PollMilliseconds { get; set; } = 250;

    public int BatchSize { get; set; } = 2000;

    public string ReadCheckpointKey() =>
        !string.IsNullOrWhiteSpace(CheckpointKey) ? CheckpointKey
        : !string.IsNullOrWhiteSpace(CheckpointKeyFile) ? File.ReadAllText(CheckpointKeyFile)
        : throw new InvalidOperationException("No checkpoint signing key: set Ledger:CheckpointKeyFile (see `ledger dev-keys`) or Ledger:CheckpointKey.");
}
