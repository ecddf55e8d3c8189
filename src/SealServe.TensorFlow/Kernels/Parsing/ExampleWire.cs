using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// Reads serialized <c>tensorflow.Example</c> protos in place, as TensorFlow's fast example parser does: the
/// feature map's entries are located without copying (concatenated Examples, i.e. merged protos, give all their
/// entries in order), and a <c>Feature</c>'s list is decoded only when a parser config asks for its key.
/// </summary>
/// <remarks>
/// Field numbers are the published ones: <c>Example.features = 1</c>, <c>Features.feature = 1</c> (map entries with
/// key 1 and value 2), <c>Feature.bytes_list = 1 / float_list = 2 / int64_list = 3</c>, and each list's <c>value = 1</c>
/// (floats and int64s packed or not). Like TensorFlow, a map entry must be its key followed by its value, unknown
/// fields of an Example are skipped, and anything else malformed fails the whole example.
/// </remarks>
internal static class ExampleWire
{
    private const byte FeaturesTag = (1 << 3) | 2;
    private const byte KeyTag = (1 << 3) | 2;
    private const byte ValueTag = (2 << 3) | 2;
    private const byte PackedTag = (1 << 3) | 2;
    private const byte Fixed32Tag = (1 << 3) | 5;
    private const byte VarintTag = 1 << 3;

    /// <summary>Appends the feature map entries of <paramref name="example"/> in order; false when it is not a valid Example.</summary>
    public static bool TryReadEntries(ReadOnlySpan<byte> example, List<FeatureEntry> entries)
    {
        var position = 0;
        while (position < example.Length)
        {
            if (!TryReadVarint(example, ref position, out var tag))
            {
                return false;
            }

            if (tag == FeaturesTag)
            {
                if (!TryReadLength(example, ref position, out var length) || !TryReadFeatures(example, position, length, entries))
                {
                    return false;
                }

                position += length;
            }
            else if (!TrySkipField(example, ref position, tag))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The kind of a serialized <c>Feature</c>; false for a field TensorFlow does not know ("Unsupported datatype.").</summary>
    public static bool TryGetKind(ReadOnlySpan<byte> feature, out FeatureKind kind)
    {
        kind = FeatureKind.None;
        if (feature.IsEmpty)
        {
            return true;
        }

        kind = feature[0] switch
        {
            (1 << 3) | 2 => FeatureKind.Bytes,
            (2 << 3) | 2 => FeatureKind.Float,
            (3 << 3) | 2 => FeatureKind.Int64,
            _ => FeatureKind.None,
        };
        return kind != FeatureKind.None;
    }

    /// <summary>The list message inside a serialized <c>Feature</c> (whose kind is set); false when truncated.</summary>
    public static bool TryGetList(ReadOnlySpan<byte> feature, out ReadOnlySpan<byte> list)
    {
        list = default;
        var position = 1;
        if (!TryReadLength(feature, ref position, out var length))
        {
            return false;
        }

        list = feature.Slice(position, length);
        return true;
    }

    /// <summary>Number of values in a <c>FloatList</c> (packed and unpacked runs, in any mix); -1 when malformed.</summary>
    public static int CountFloats(ReadOnlySpan<byte> list)
    {
        if (IsSingleShortPackedRun(list))
        {
            return list[1] % 4 == 0 ? list[1] / 4 : -1;
        }

        var count = 0;
        var position = 0;
        while (position < list.Length)
        {
            var tag = list[position++];
            if (tag == Fixed32Tag)
            {
                if (list.Length - position < 4)
                {
                    return -1;
                }

                position += 4;
                count++;
            }
            else if (tag == PackedTag && TryReadLength(list, ref position, out var length) && length % 4 == 0)
            {
                position += length;
                count += length / 4;
            }
            else
            {
                return -1;
            }
        }

        return count;
    }

    /// <summary>Copies the values of a <c>FloatList</c> (counted by <see cref="CountFloats"/>) into <paramref name="target"/>.</summary>
    public static void CopyFloats(ReadOnlySpan<byte> list, Span<float> target)
    {
        if (BitConverter.IsLittleEndian && IsSingleShortPackedRun(list))
        {
            // What every writer produces for a short list: one packed run, copied as is (one value most often).
            if (target.Length == 1)
            {
                target[0] = BinaryPrimitives.ReadSingleLittleEndian(list[2..]);
            }
            else
            {
                MemoryMarshal.Cast<byte, float>(list[2..]).CopyTo(target);
            }

            return;
        }

        var position = 0;
        var index = 0;
        while (position < list.Length)
        {
            var tag = list[position++];
            if (tag == Fixed32Tag)
            {
                target[index++] = BinaryPrimitives.ReadSingleLittleEndian(list[position..]);
                position += 4;
            }
            else
            {
                TryReadLength(list, ref position, out var length);
                var packed = list.Slice(position, length);
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, float>(packed).CopyTo(target[index..]);
                }
                else
                {
                    for (var i = 0; i < packed.Length; i += 4)
                    {
                        target[index + (i / 4)] = BinaryPrimitives.ReadSingleLittleEndian(packed[i..]);
                    }
                }

                index += length / 4;
                position += length;
            }
        }
    }

    /// <summary>Number of values in an <c>Int64List</c>; -1 when malformed.</summary>
    public static int CountInt64s(ReadOnlySpan<byte> list)
    {
        var count = 0;
        var position = 0;
        while (position < list.Length)
        {
            var tag = list[position++];
            if (tag == VarintTag)
            {
                if (!TryReadVarint(list, ref position, out _))
                {
                    return -1;
                }

                count++;
            }
            else if (tag == PackedTag && TryReadLength(list, ref position, out var length))
            {
                var end = position + length;
                while (position < end)
                {
                    if (!TryReadVarint(list[..end], ref position, out _))
                    {
                        return -1;
                    }

                    count++;
                }
            }
            else
            {
                return -1;
            }
        }

        return count;
    }

    /// <summary>Copies the values of an <c>Int64List</c> (counted by <see cref="CountInt64s"/>) into <paramref name="target"/>.</summary>
    public static void CopyInt64s(ReadOnlySpan<byte> list, Span<long> target)
    {
        var position = 0;
        var index = 0;
        while (position < list.Length)
        {
            var tag = list[position++];
            if (tag == VarintTag)
            {
                TryReadVarint(list, ref position, out var value);
                target[index++] = (long)value;
            }
            else
            {
                TryReadLength(list, ref position, out var length);
                var end = position + length;
                while (position < end)
                {
                    TryReadVarint(list, ref position, out var value);
                    target[index++] = (long)value;
                }
            }
        }
    }

    /// <summary>Number of values in a <c>BytesList</c>; -1 when malformed.</summary>
    public static int CountBytes(ReadOnlySpan<byte> list)
    {
        var count = 0;
        var position = 0;
        while (position < list.Length)
        {
            if (list[position++] != PackedTag || !TryReadLength(list, ref position, out var length))
            {
                return -1;
            }

            position += length;
            count++;
        }

        return count;
    }

    /// <summary>Copies the values of a <c>BytesList</c> (counted by <see cref="CountBytes"/>) into <paramref name="target"/>.</summary>
    public static void CopyBytes(ReadOnlySpan<byte> list, Span<byte[]> target)
    {
        var position = 1;
        var index = 0;
        while (position <= list.Length)
        {
            TryReadLength(list, ref position, out var length);
            target[index++] = list.Slice(position, length).ToArray();
            position += length + 1;
        }
    }

    /// <summary>A list that is one packed run shorter than 128 bytes (a one-byte length): the usual shape, read without a loop.</summary>
    private static bool IsSingleShortPackedRun(ReadOnlySpan<byte> list) => list.Length >= 2 && list[0] == PackedTag && list[1] < 0x80 && list.Length == list[1] + 2;

    private static bool TryReadFeatures(ReadOnlySpan<byte> example, int start, int length, List<FeatureEntry> entries)
    {
        var features = example.Slice(start, length);
        var position = 0;
        while (position < features.Length)
        {
            if (features[position++] != FeaturesTag || !TryReadLength(features, ref position, out var entryLength))
            {
                return false;
            }

            var entry = features.Slice(position, entryLength);
            var at = 0;
            if (entry.IsEmpty || entry[at++] != KeyTag || !TryReadLength(entry, ref at, out var keyLength))
            {
                return false;
            }

            var keyStart = at;
            at += keyLength;
            if (at >= entry.Length || entry[at++] != ValueTag || !TryReadLength(entry, ref at, out var featureLength) || at + featureLength != entry.Length)
            {
                return false;
            }

            entries.Add(new FeatureEntry(start + position + keyStart, keyLength, start + position + at, featureLength));
            position += entryLength;
        }

        return true;
    }

    private static bool TrySkipField(ReadOnlySpan<byte> data, ref int position, ulong tag)
    {
        switch (tag & 7)
        {
            case 0:
                return TryReadVarint(data, ref position, out _);
            case 1:
                position += 8;
                return position <= data.Length;
            case 2:
                if (!TryReadLength(data, ref position, out var length))
                {
                    return false;
                }

                position += length;
                return true;
            case 5:
                position += 4;
                return position <= data.Length;
            default:
                // Groups (3, 4) and invalid wire types: TensorFlow rejects them too.
                return false;
        }
    }

    /// <summary>A length prefix that fits in what follows it.</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> data, ref int position, out int length)
    {
        length = 0;
        if (!TryReadVarint(data, ref position, out var value) || value > (ulong)(data.Length - position))
        {
            return false;
        }

        length = (int)value;
        return true;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                return false;
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
