namespace Ledger.Integrity.Chain;

/// <summary>A signed transaction as eth_sendRawTransaction takes it; its hash is the Keccak-256 of these bytes.</summary>
public sealed record SignedTransaction(ReadOnlyMemory<byte> Raw)
{
    public Bytes32 Hash => Bytes32.FromBytes(Keccak.Hash256(Raw.Span));

    /// <summary>The account whose key signed this transaction, recovered from the signature.</summary>
    public Address RecoverSender()
    {
        var raw = Raw.Span;
        var (hash, signature) = raw switch
        {
            [Eip1559Transaction.TypeByte, ..] => Eip1559(raw),
            [>= 0xc0, ..] => Legacy(raw),
            _ => throw new FormatException("Only legacy and EIP-1559 transactions are understood."),
        };
        var publicKey = Secp256k1.Recover(hash, signature) ?? throw new FormatException("The signature recovers no public key.");
        return Address.FromPublicKey(publicKey);
    }

    private static (byte[] Hash, EcdsaSignature Signature) Eip1559(ReadOnlySpan<byte> raw)
    {
        var (transaction, signature) = Eip1559Transaction.Decode(raw);
        return (transaction.SigningHash(), signature);
    }

    private static (byte[] Hash, EcdsaSignature Signature) Legacy(ReadOnlySpan<byte> raw)
    {
        var (transaction, signature) = LegacyTransaction.Decode(raw);
        return (transaction.SigningHash(), signature);
    }

    public override string ToString() => Hex.Format(Raw.Span);
}
