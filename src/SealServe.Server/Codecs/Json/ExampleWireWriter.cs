using System.Buffers.Binary;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Builds serialized <c>tensorflow.Example</c>s feature by feature, with no intermediate messages. Field numbers are the
/// published ones: <c>Example.features = 1</c>, <c>Features.feature = 1</c> (entries: key 1, value 2),
/// <c>Feature.bytes_list = 1 / float_list = 2 / int64_list = 3</c>, list <c>value = 1</c>, numbers packed.
/// One writer serves a whole request; its buffers are reused example after example.
/// </summary>
internal sealed class ExampleWireWriter
{
    /// <summary>A feature's kind: the <c>Feature</c> field its list goes in (0: no values yet).</summary>
    public const int NoValues = 0;
    public const int Bytes = 1;
    public const int Float = 2;
    public const int Int64 = 3;

    private readonly Buffer features = new(256);
    private readonly Buffer list = new(64);

    public void StartExample() => features.Length = 0;

    public void StartFeature() => list.Length = 0;

    public void AddBytes(ReadOnlySpan<byte> value)
    {
        var span = list.Reserve(1 + VarintSize((ulong)value.Length) + value.Length);
        span[0] = 0x0A;
        var at = 1 + WriteVarint(span[1..], (ulong)value.Length);
        value.CopyTo(span[at..]);
        list.Length += at + value.Length;
    }

    public void AddFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(list.Reserve(4), value);
        list.Length += 4;
    }

    public void AddInt64(long value) => list.Length += WriteVarint(list.Reserve(10), unchecked((ulong)value));

    /// <summary>Writes the map entry <c>name → Feature { kind { value: ... } }</c> with the values added since <see cref="StartFeature"/>.</summary>
    public void EndFeature(ReadOnlySpan<byte> name, int kind)
    {
        var packed = kind is Float or Int64 && list.Length > 0;
        var listSize = packed ? 1 + VarintSize((ulong)list.Length) + list.Length : list.Length;
        var featureSize = kind == NoValues ? 0 : 1 + VarintSize((ulong)listSize) + listSize;
        var entrySize = 1 + VarintSize((ulong)name.Length) + name.Length + 1 + VarintSize((ulong)featureSize) + featureSize;
        var span = features.Reserve(1 + VarintSize((ulong)entrySize) + entrySize);
        var at = 0;
        span[at++] = 0x0A;
        at += WriteVarint(span[at..], (ulong)entrySize);
        span[at++] = 0x0A;
        at += WriteVarint(span[at..], (ulong)name.Length);
        name.CopyTo(span[at..]);
        at += name.Length;
        span[at++] = 0x12;
        at += WriteVarint(span[at..], (ulong)featureSize);
        if (kind != NoValues)
        {
            span[at++] = (byte)((kind << 3) | 2);
            at += WriteVarint(span[at..], (ulong)listSize);
            if (packed)
            {
                span[at++] = 0x0A;
                at += WriteVarint(span[at..], (ulong)list.Length);
            }

            list.Written.CopyTo(span[at..]);
            at += list.Length;
        }

        features.Length += at;
    }

    /// <summary>
    /// The example: <paramref name="prefix"/> (a serialized context example, merged in as a protobuf merge does, the
    /// example's own features winning) then <c>Example { features { ... } }</c>, the features field present even when
    /// empty, as TF Serving sets it.
    /// </summary>
    public byte[] EndExample(ReadOnlySpan<byte> prefix)
    {
        var bytes = new byte[prefix.Length + 1 + VarintSize((ulong)features.Length) + features.Length];
        prefix.CopyTo(bytes);
        var at = prefix.Length;
        bytes[at++] = 0x0A;
        at += WriteVarint(bytes.AsSpan(at), (ulong)features.Length);
        features.Written.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> target, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            target[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[at++] = (byte)value;
        return at;
    }

    /// <summary>A growable byte buffer (cheaper per call than ArrayBufferWriter, which this hot loop felt).</summary>
    private sealed class Buffer(int capacity)
    {
        private byte[] bytes = new byte[capacity];

        public int Length { get; set; }

        public ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

        /// <summary>Room for <paramref name="size"/> more bytes after <see cref="Length"/>.</summary>
        public Span<byte> Reserve(int size)
        {
            if (bytes.Length - Length < size)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + size));
            }

            return bytes.AsSpan(Length);
        }
    }
}
