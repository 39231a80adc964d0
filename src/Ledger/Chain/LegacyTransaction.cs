using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>
/// A legacy (pre-EIP-2718) transaction with EIP-155 replay protection: its signing hash is keccak(rlp([nonce, gasPrice,
/// gasLimit, to, value, data, chainId, 0, 0])) and its v is recoveryId + chainId * 2 + 35. A null <see cref="ChainId"/> is
/// the unprotected pre-EIP-155 form (v = 27 + recoveryId), kept only for reading old transactions.
/// </summary>
public sealed record LegacyTransaction(
    ulong Nonce,
    BigInteger GasPrice,
    ulong GasLimit,
    Address? To,
    BigInteger Value,
    ReadOnlyMemory<byte> Data,
    ulong? ChainId)
{
    public byte[] SigningHash() => Keccak.Hash256(Rlp.List(ChainId is { } chainId
        ? [.. Fields(), Rlp.Encode(chainId), Rlp.Encode(0UL), Rlp.Encode(0UL)]
        : Fields()));

    public SignedTransaction Sign(EthereumKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedTransaction(Encode(key.Sign(SigningHash())));
    }

    public byte[] Encode(EcdsaSignature signature) =>
        Rlp.List([.. Fields(), Rlp.Encode(V(signature.RecoveryId)), Rlp.Encode(signature.R), Rlp.Encode(signature.S)]);

    public static (LegacyTransaction Transaction, EcdsaSignature Signature) Decode(ReadOnlySpan<byte> signed)
    {
        var fields = Rlp.Decode(signed).Items;
        if (fields.Count != 9)
        {
            throw new FormatException($"A signed legacy transaction has 9 fields, not {fields.Count}.");
        }

        var v = fields[6].ToBigInteger();
        var (chainId, recoveryId) = v switch
        {
            _ when v == 27 || v == 28 => ((ulong?)null, (byte)(v - 27)),
            _ when v >= 35 => ((ulong?)(ulong)((v - 35) / 2), (byte)((v - 35) % 2)),
            _ => throw new FormatException($"{v} is not a legacy signature's v."),
        };
        var transaction = new LegacyTransaction(
            fields[0].ToUInt64(),
            fields[1].ToBigInteger(),
            fields[2].ToUInt64(),
            TransactionFields.DecodeTo(fields[3]),
            fields[4].ToBigInteger(),
            fields[5].Bytes,
            chainId);
        return (transaction, new EcdsaSignature(fields[7].ToBigInteger(), fields[8].ToBigInteger(), recoveryId));
    }

    private BigInteger V(byte recoveryId) => ChainId is { } chainId ? recoveryId + (new BigInteger(chainId) * 2) + 35 : 27 + recoveryId;

    private IEnumerable<byte[]> Fields() =>
    [
        Rlp.Encode(Nonce),
        Rlp.Encode(GasPrice),
        Rlp.Encode(GasLimit),
        TransactionFields.EncodeTo(To),
        Rlp.Encode(Value),
        Rlp.Encode(Data.Span),
    ];
}
