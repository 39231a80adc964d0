using System.Collections;
using System.Numerics;
using System.Text;

namespace Ledger.Integrity.Chain;

/// <summary>
/// The Solidity contract ABI encoding ("Formal Specification of the Encoding"): a tuple is the heads of its values, then
/// the tails of its dynamic ones, each head of a dynamic value being the offset of its tail from the tuple's start.
/// Values are given and returned as: integers as <see cref="BigInteger"/> (any .NET integer is accepted), address as
/// <see cref="Address"/>, bool, bytesN and bytes as byte[] (bytes32 also as <see cref="Bytes32"/>), string, and arrays and
/// tuples as object[] (any sequence is accepted).
/// </summary>
public static class Abi
{
    private const int Word = 32;

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return values.Count == types.Count
            ? EncodeSequence(types, values)
            : throw new ArgumentException($"{types.Count} ABI types were given {values.Count} values.", nameof(values));
    }

    public static object[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return DecodeSequence(types, data);
    }

    /// <summary>A single static value's 32-byte word, as an indexed event parameter's topic holds it.</summary>
    public static byte[] EncodeWord(AbiType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        return !type.IsDynamic && type.HeadSize == Word ? Encode(type, value) : throw new ArgumentException($"{type.CanonicalName} does not fit one word.", nameof(type));
    }

    public static object DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        ArgumentNullException.ThrowIfNull(type);
        return !type.IsDynamic && type.HeadSize == Word && word.Length == Word ? DecodeAt(type, word) : throw new FormatException($"{type.CanonicalName} is not one word.");
    }

    private static byte[] EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        var heads = new List<byte[]>(types.Count);
        var tails = new List<byte[]>();
        var tailOffset = types.Sum(type => type.HeadSize);
        for (var i = 0; i < types.Count; i++)
        {
            var encoded = Encode(types[i], values[i]);
            if (types[i].IsDynamic)
            {
                heads.Add(Unsigned(tailOffset));
                tails.Add(encoded);
                tailOffset += encoded.Length;
            }
            else
            {
                heads.Add(encoded);
            }
        }

        return [.. heads.Concat(tails).SelectMany(part => part)];
    }

    private static byte[] Encode(AbiType type, object value) => type.Kind switch
    {
        AbiKind.UInt => Unsigned(Integer(value), type.Size),
        AbiKind.Int => Signed(Integer(value), type.Size),
        AbiKind.Address => [.. new byte[Word - Address.Size], .. Cast<Address>(value, type).ToBytes()],
        AbiKind.Bool => Unsigned(Cast<bool>(value, type) ? 1 : 0),
        AbiKind.FixedBytes => PadRight(FixedBytes(value, type.Size)),
        AbiKind.Bytes => Sized(Bytes(value, type)),
        AbiKind.String => Sized(Encoding.UTF8.GetBytes(Cast<string>(value, type))),
        AbiKind.Array => EncodeArray(type, Items(value, type)),
        AbiKind.FixedArray => EncodeSequence(Repeat(type.ElementType, type.Size), Items(value, type, type.Size)),
        AbiKind.Tuple => EncodeSequence(type.ComponentTypes, Items(value, type, type.ComponentTypes.Count)),
        _ => throw new ArgumentException($"Unknown ABI kind {type.Kind}.", nameof(type)),
    };

    private static object[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var values = new object[types.Count];
        var position = 0;
        for (var i = 0; i < types.Count; i++)
        {
            values[i] = types[i].IsDynamic ? DecodeAt(types[i], data[Offset(data, position)..]) : DecodeAt(types[i], From(data, position, types[i].HeadSize));
            position += types[i].HeadSize;
        }

        return values;
    }

    private static object DecodeAt(AbiType type, ReadOnlySpan<byte> data) => type.Kind switch
    {
        AbiKind.UInt => DecodeUnsigned(From(data, 0, Word), type.Size),
        AbiKind.Int => DecodeSigned(From(data, 0, Word), type.Size),
        AbiKind.Address => DecodeAddress(From(data, 0, Word)),
        AbiKind.Bool => DecodeUnsigned(From(data, 0, Word), 1) == BigInteger.One,
        AbiKind.FixedBytes => From(data, 0, Word)[type.Size..].ContainsAnyExcept((byte)0) ? throw new FormatException($"bytes{type.Size} has nonzero padding.") : data[..type.Size].ToArray(),
        AbiKind.Bytes => SizedContent(data).ToArray(),
        AbiKind.String => Encoding.UTF8.GetString(SizedContent(data)),
        AbiKind.Array => DecodeSequence(Repeat(type.ElementType, Count(data, type.ElementType)), data[Word..]),
        AbiKind.FixedArray => DecodeSequence(Repeat(type.ElementType, type.Size), data),
        AbiKind.Tuple => DecodeSequence(type.ComponentTypes, data),
        _ => throw new ArgumentException($"Unknown ABI kind {type.Kind}.", nameof(type)),
    };

    private static byte[] EncodeArray(AbiType type, List<object> items) =>
        [.. Unsigned(items.Count), .. EncodeSequence(Repeat(type.ElementType, items.Count), items)];

    private static Address DecodeAddress(ReadOnlySpan<byte> word) => word[..(Word - Address.Size)].ContainsAnyExcept((byte)0)
        ? throw new FormatException("An ABI address has nonzero padding.")
        : Address.FromBytes(word[(Word - Address.Size)..]);

    private static ReadOnlySpan<byte> From(ReadOnlySpan<byte> data, int start, int length) =>
        start + length <= data.Length ? data.Slice(start, length) : throw new FormatException("ABI data ends before its values do.");

    private static int Offset(ReadOnlySpan<byte> data, int position) => SmallNumber(From(data, position, Word), data.Length, "An offset");

    private static int Count(ReadOnlySpan<byte> data, AbiType element) =>
        SmallNumber(From(data, 0, Word), (data.Length - Word) / element.HeadSize, "An array length");

    private static ReadOnlySpan<byte> SizedContent(ReadOnlySpan<byte> data) => From(data, Word, SmallNumber(From(data, 0, Word), data.Length - Word, "A byte length"));

    private static int SmallNumber(ReadOnlySpan<byte> word, int limit, string what)
    {
        var value = new BigInteger(word, isUnsigned: true, isBigEndian: true);
        return value <= limit ? (int)value : throw new FormatException($"{what} of {value} points past the end of the ABI data.");
    }

    private static BigInteger DecodeUnsigned(ReadOnlySpan<byte> word, int bits)
    {
        var value = new BigInteger(word, isUnsigned: true, isBigEndian: true);
        return value < BigInteger.One << bits ? value : throw new FormatException($"{value} does not fit in uint{bits}.");
    }

    private static BigInteger DecodeSigned(ReadOnlySpan<byte> word, int bits)
    {
        var value = new BigInteger(word, isUnsigned: false, isBigEndian: true);
        var limit = BigInteger.One << (bits - 1);
        return value >= -limit && value < limit ? value : throw new FormatException($"{value} does not fit in int{bits}.");
    }

    private static byte[] Unsigned(BigInteger value, int bits = 256) => value.Sign >= 0 && value < BigInteger.One << bits
        ? PadLeft(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true), 0x00)
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a uint{bits}.");

    private static byte[] Signed(BigInteger value, int bits)
    {
        var limit = BigInteger.One << (bits - 1);
        return value >= -limit && value < limit
            ? PadLeft(value.ToByteArray(isUnsigned: false, isBigEndian: true), value.Sign < 0 ? (byte)0xff : (byte)0x00)
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not an int{bits}.");
    }

    private static byte[] PadLeft(byte[] bytes, byte fill)
    {
        var word = new byte[Word];
        word.AsSpan(0, Word - bytes.Length).Fill(fill);
        bytes.CopyTo(word, Word - bytes.Length);
        return word;
    }

    private static byte[] PadRight(byte[] bytes) => [.. bytes, .. new byte[(Word - (bytes.Length % Word)) % Word]];

    private static byte[] Sized(byte[] content) => [.. Unsigned(content.Length), .. PadRight(content)];

    private static BigInteger Integer(object value) => value switch
    {
        BigInteger big => big,
        int or long or short or sbyte => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        uint or ulong or ushort or byte => Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"An ABI integer cannot be a {value?.GetType().Name ?? "null"}.", nameof(value)),
    };

    private static byte[] FixedBytes(object value, int size) => value switch
    {
        Bytes32 word when size == Bytes32.Size => word.ToBytes(),
        byte[] bytes when bytes.Length == size => bytes,
        ReadOnlyMemory<byte> memory when memory.Length == size => memory.ToArray(),
        _ => throw new ArgumentException($"bytes{size} takes exactly {size} bytes.", nameof(value)),
    };

    private static byte[] Bytes(object value, AbiType type) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => throw Mismatch(value, type),
    };

    private static T Cast<T>(object value, AbiType type) => value is T typed ? typed : throw Mismatch(value, type);

    private static List<object> Items(object value, AbiType type, int? expectedCount = null)
    {
        var items = value is IEnumerable sequence and not string and not byte[] ? sequence.Cast<object>().ToList() : throw Mismatch(value, type);
        return expectedCount is { } count && items.Count != count
            ? throw new ArgumentException($"{type.CanonicalName} takes {count} values, not {items.Count}.", nameof(value))
            : items;
    }

    private static AbiType[] Repeat(AbiType type, int count) => [.. Enumerable.Repeat(type, count)];

    private static ArgumentException Mismatch(object? value, AbiType type) =>
        new($"A {value?.GetType().Name ?? "null"} is not a value of ABI type {type.CanonicalName}.", nameof(value));
}
