using System.Numerics;

namespace Ledger.Integrity.Chain;

/// <summary>An address and storage keys a transaction declares it will touch (EIP-2930).</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<Bytes32> StorageKeys);

/// <summary>
/// An EIP-1559 (type 2) transaction. Its signing hash is keccak(0x02 || rlp([chainId, nonce, maxPriorityFeePerGas,
/// maxFeePerGas, gasLimit, to, value, data, accessList])); signed, it is 0x02 || rlp([..., yParity, r, s]).
/// A null <see cref="To"/> creates a contract from <see cref="Data"/>.
/// </summary>
public sealed record Eip1559Transaction(
    ulong ChainId,
    ulong Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    ulong GasLimit,
    Address? To,
    BigInteger Value,
    ReadOnlyMemory<byte> Data)
{
    public const byte TypeByte = 0x02;

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    public byte[] SigningHash() => Keccak.Hash256([TypeByte, .. Rlp.List(Fields())]);

    public SignedTransaction Sign(EthereumKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedTransaction(Encode(key.Sign(SigningHash())));
    }

    public byte[] Encode(EcdsaSignature signature) =>
        [TypeByte, .. Rlp.List([.. Fields(), Rlp.Encode(signature.RecoveryId), Rlp.Encode(signature.R), Rlp.Encode(signature.S)])];

    public static (Eip1559Transaction Transaction, EcdsaSignature Signature) Decode(ReadOnlySpan<byte> signed)
    {
        if (signed.IsEmpty || signed[0] != TypeByte)
        {
            throw new FormatException("An EIP-1559 transaction starts with the type byte 0x02.");
        }

        var fields = Rlp.Decode(signed[1..]).Items;
        if (fields.Count != 12)
        {
            throw new FormatException($"A signed EIP-1559 transaction has 12 fields, not {fields.Count}.");
        }

        var transaction = new Eip1559Transaction(
            fields[0].ToUInt64(),
            fields[1].ToUInt64(),
            fields[2].ToBigInteger(),
            fields[3].ToBigInteger(),
            fields[4].ToUInt64(),
            TransactionFields.DecodeTo(fields[5]),
            fields[6].ToBigInteger(),
            fields[7].Bytes)
        {
            AccessList = [.. fields[8].Items.Select(DecodeAccessListEntry)],
        };
        var yParity = fields[9].ToUInt64();
        return yParity > 1
            ? throw new FormatException("The y parity of a signature is 0 or 1.")
            : (transaction, new EcdsaSignature(fields[10].ToBigInteger(), fields[11].ToBigInteger(), (byte)yParity));
    }

    private IEnumerable<byte[]> Fields() =>
    [
        Rlp.Encode(ChainId),
        Rlp.Encode(Nonce),
        Rlp.Encode(MaxPriorityFeePerGas),
        Rlp.Encode(MaxFeePerGas),
        Rlp.Encode(GasLimit),
        TransactionFields.EncodeTo(To),
        Rlp.Encode(Value),
        Rlp.Encode(Data.Span),
        Rlp.List(AccessList.Select(entry => Rlp.List(Rlp.Encode(entry.Address.ToBytes()), Rlp.List(entry.StorageKeys.Select(key => Rlp.Encode(key.ToBytes())))))),
    ];

    private static AccessListEntry DecodeAccessListEntry(RlpItem entry) => entry.Items is [var address, var keys]
        ? new AccessListEntry(Address.FromBytes(address.Bytes), [.. keys.Items.Select(key => Bytes32.FromBytes(key.Bytes))])
        : throw new FormatException("An access list entry is [address, storageKeys].");
}

internal static class TransactionFields
{
    public static byte[] EncodeTo(Address? to) => to is { } address ? Rlp.Encode(address.ToBytes()) : Rlp.Encode(ReadOnlySpan<byte>.Empty);

    public static Address? DecodeTo(RlpItem to) => to.Bytes is { Length: 0 } ? null : Address.FromBytes(to.Bytes);
}
