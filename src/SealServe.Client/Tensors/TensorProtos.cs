using System.Runtime.InteropServices;
using Google.Protobuf;
using Tensorflow;

namespace SealServe.Client.Tensors;

/// <summary>
/// TF Serving's <see cref="TensorProto"/> from and to .NET memory: a request tensor's <c>tensor_content</c> wraps the
/// caller's memory (no copy), and an answer's elements are read in place from <c>tensor_content</c> or copied out of the
/// typed fields (<c>float_val</c>...), where TensorFlow repeats the last value for missing ones.
/// </summary>
public static class TensorProtos
{
    /// <summary>A tensor over <paramref name="values"/> as <c>tensor_content</c>, not copied: keep the memory unchanged until the call returns.</summary>
    public static TensorProto Create<T>(ReadOnlyMemory<T> values, params long[] shape)
        where T : unmanaged => new()
        {
            Dtype = DataTypeOf<T>(),
            TensorShape = ShapeProto(shape),
            TensorContent = UnsafeByteOperations.UnsafeWrap(ByteMemory.Of(values)),
        };

    /// <summary>A DT_STRING tensor of UTF-8 strings.</summary>
    public static TensorProto FromStrings(IEnumerable<string> values, params long[] shape)
    {
        var tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = ShapeProto(shape) };
        tensor.StringVal.AddRange(values.Select(ByteString.CopyFromUtf8));
        return tensor;
    }

    /// <summary>The dimensions of a tensor.</summary>
    public static long[] Shape(this TensorProto tensor) => tensor.TensorShape?.Dim.Select(d => d.Size).ToArray() ?? [];

    /// <summary>The elements: in place from <c>tensor_content</c>, else a copy of the typed field's values.</summary>
    public static ReadOnlySpan<T> AsSpan<T>(this TensorProto tensor)
        where T : unmanaged
    {
        if (tensor.Dtype != DataTypeOf<T>())
        {
            throw new InvalidOperationException($"The tensor is {tensor.Dtype}, not {DataTypeOf<T>()}.");
        }

        return tensor.TensorContent.IsEmpty ? Typed<T>(tensor) : MemoryMarshal.Cast<byte, T>(tensor.TensorContent.Span);
    }

    /// <summary>A copy of the elements as an array.</summary>
    public static T[] ToArray<T>(this TensorProto tensor)
        where T : unmanaged => tensor.AsSpan<T>().ToArray();

    /// <summary>The elements of a DT_STRING tensor read as UTF-8.</summary>
    public static string[] ToStrings(this TensorProto tensor) => tensor.StringVal.Select(s => s.ToStringUtf8()).ToArray();

    /// <summary>TensorFlow's dtype for <typeparamref name="T"/>.</summary>
    public static DataType DataTypeOf<T>()
        where T : unmanaged => default(T) switch
        {
            float => DataType.DtFloat,
            double => DataType.DtDouble,
            Half => DataType.DtHalf,
            sbyte => DataType.DtInt8,
            short => DataType.DtInt16,
            int => DataType.DtInt32,
            long => DataType.DtInt64,
            byte => DataType.DtUint8,
            ushort => DataType.DtUint16,
            uint => DataType.DtUint32,
            ulong => DataType.DtUint64,
            bool => DataType.DtBool,
            _ => throw new NotSupportedException($"No TensorFlow dtype for {typeof(T)}."),
        };

    private static TensorShapeProto ShapeProto(long[] shape)
    {
        var proto = new TensorShapeProto();
        proto.Dim.AddRange(shape.Select(size => new TensorShapeProto.Types.Dim { Size = size }));
        return proto;
    }

    private static T[] Typed<T>(TensorProto tensor)
        where T : unmanaged
    {
        var count = tensor.Shape().Aggregate(1L, (c, d) => c * d);
        var values = new T[count];
        switch (values)
        {
            case float[] f: Fill(tensor.FloatVal, f, v => v); break;
            case double[] d: Fill(tensor.DoubleVal, d, v => v); break;
            case int[] i: Fill(tensor.IntVal, i, v => v); break;
            case short[] s: Fill(tensor.IntVal, s, v => (short)v); break;
            case sbyte[] sb: Fill(tensor.IntVal, sb, v => (sbyte)v); break;
            case byte[] b: Fill(tensor.IntVal, b, v => (byte)v); break;
            case ushort[] us: Fill(tensor.IntVal, us, v => (ushort)v); break;
            case long[] l: Fill(tensor.Int64Val, l, v => v); break;
            case uint[] u: Fill(tensor.Uint32Val, u, v => v); break;
            case ulong[] ul: Fill(tensor.Uint64Val, ul, v => v); break;
            case bool[] bo: Fill(tensor.BoolVal, bo, v => v); break;
            case Half[] h: Fill(tensor.HalfVal, h, v => BitConverter.UInt16BitsToHalf((ushort)v)); break;
        }

        return values;
    }

    private static void Fill<TField, TElement>(IList<TField> field, TElement[] target, Func<TField, TElement> convert)
    {
        for (var i = 0; i < target.Length && field.Count > 0; i++)
        {
            target[i] = convert(field[Math.Min(i, field.Count - 1)]);
        }
    }
}
