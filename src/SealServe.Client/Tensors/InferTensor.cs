using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace SealServe.Client.Tensors;

/// <summary>
/// A named tensor of the Open Inference Protocol: a datatype (<c>FP32</c>, <c>INT64</c>, <c>BYTES</c>...), a shape and its
/// elements as the protocol's raw bytes (little-endian, row-major; a BYTES element is a 4-byte length, then the bytes).
/// Built from .NET memory and read back as <see cref="ReadOnlySpan{T}"/> without copying the elements.
/// </summary>
public sealed class InferTensor
{
    /// <summary>A tensor over raw bytes already in the protocol's layout (the memory is used, not copied).</summary>
    public InferTensor(string name, string datatype, long[] shape, ReadOnlyMemory<byte> raw)
    {
        Name = name;
        Datatype = datatype;
        Shape = shape;
        Raw = raw;
    }

    /// <summary>The tensor's name: for SealServe, a signature alias.</summary>
    public string Name { get; }

    /// <summary>The protocol's datatype name.</summary>
    public string Datatype { get; }

    /// <summary>The dimensions.</summary>
    public long[] Shape { get; }

    /// <summary>The elements in the protocol's raw layout.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The number of elements the shape holds.</summary>
    public long ElementCount => Shape.Aggregate(1L, (count, dim) => count * dim);

    /// <summary>A tensor over <paramref name="values"/> (an array, a slice of one, pooled or native memory): not copied, so keep it unchanged until the call returns.</summary>
    public static InferTensor Create<T>(string name, ReadOnlyMemory<T> values, params long[] shape)
        where T : unmanaged => new(name, Datatypes.Of<T>(), shape, ByteMemory.Of(values));

    /// <summary>A BYTES tensor of UTF-8 strings.</summary>
    public static InferTensor FromStrings(string name, IReadOnlyList<string> values, params long[] shape) =>
        FromBytes(name, values.Select(Encoding.UTF8.GetBytes).ToArray(), shape);

    /// <summary>A BYTES tensor of arbitrary byte strings.</summary>
    public static InferTensor FromBytes(string name, IReadOnlyList<byte[]> values, params long[] shape)
    {
        var raw = new byte[values.Sum(v => 4L + v.Length)];
        var offset = 0;
        foreach (var value in values)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(offset), (uint)value.Length);
            value.CopyTo(raw, offset + 4);
            offset += 4 + value.Length;
        }

        return new InferTensor(name, Datatypes.Bytes, shape, raw);
    }

    /// <summary>The elements as <typeparamref name="T"/>, in place (no copy); <typeparamref name="T"/> must match <see cref="Datatype"/>.</summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        if (Datatypes.Of<T>() != Datatype && !(Datatype == "BF16" && typeof(T) == typeof(ushort)))
        {
            throw new InvalidOperationException($"Tensor '{Name}' is {Datatype}, not {Datatypes.Of<T>()}.");
        }

        return MemoryMarshal.Cast<byte, T>(Raw.Span);
    }

    /// <summary>A copy of the elements as an array.</summary>
    public T[] ToArray<T>()
        where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>The elements of a BYTES tensor.</summary>
    public IReadOnlyList<byte[]> ToBytes()
    {
        if (Datatype != Datatypes.Bytes)
        {
            throw new InvalidOperationException($"Tensor '{Name}' is {Datatype}, not BYTES.");
        }

        var values = new List<byte[]>();
        var raw = Raw.Span;
        while (raw.Length >= 4)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(raw);
            values.Add(raw.Slice(4, length).ToArray());
            raw = raw[(4 + length)..];
        }

        return values;
    }

    /// <summary>The elements of a BYTES tensor read as UTF-8.</summary>
    public IReadOnlyList<string> ToStrings() => ToBytes().Select(b => Encoding.UTF8.GetString(b)).ToArray();
}
