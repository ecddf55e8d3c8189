using System.Runtime.InteropServices;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// A constant tensor known while translating: TF <c>Const</c> values, variables, folded shape arithmetic.
/// Fixed-size elements are kept as little-endian bytes (as ONNX <c>raw_data</c> stores them), strings as byte arrays.
/// </summary>
internal sealed class TensorValue
{
    private readonly ReadOnlyMemory<byte> raw;
    private readonly byte[][]? strings;

    private TensorValue(DataType dataType, long[] shape, ReadOnlyMemory<byte> raw, byte[][]? strings)
    {
        DataType = dataType;
        Shape = shape;
        this.raw = raw;
        this.strings = strings;
        ElementCount = ShapeElementCount(shape);
    }

    public DataType DataType { get; }

    public IReadOnlyList<long> Shape { get; }

    public int Rank => Shape.Count;

    public long ElementCount { get; }

    public bool IsString => DataType == DataType.String;

    public ReadOnlyMemory<byte> RawBytes => raw;

    public IReadOnlyList<byte[]> Strings => strings ?? throw new InvalidOperationException("Not a string tensor.");

    public static TensorValue FromRaw(DataType dataType, long[] shape, ReadOnlyMemory<byte> raw)
    {
        var expected = ShapeElementCount(shape) * DataTypes.ElementSize(dataType);
        if (DataTypes.ElementSize(dataType) == 0 || raw.Length != expected)
        {
            throw ServingException.InvalidArgument($"A {DataTypes.TfName(dataType)} constant of shape [{string.Join(",", shape)}] needs {expected} bytes, got {raw.Length}.");
        }

        return new TensorValue(dataType, shape, raw, null);
    }

    public static TensorValue FromStrings(long[] shape, byte[][] values) => new(DataType.String, shape, ReadOnlyMemory<byte>.Empty, values);

    public static TensorValue FromArray<T>(long[] shape, T[] values)
        where T : unmanaged => FromRaw(Tensor.DataTypeOf<T>(), shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static TensorValue Scalar<T>(T value)
        where T : unmanaged => FromArray([], [value]);

    public static TensorValue Vector<T>(params T[] values)
        where T : unmanaged => FromArray([values.Length], values);

    /// <summary>Integer values converted to the integer or floating-point type <paramref name="dataType"/>.</summary>
    public static TensorValue FromInt64s(DataType dataType, long[] shape, IReadOnlyList<long> values) => dataType switch
    {
        DataType.Int64 => FromArray(shape, values.ToArray()),
        DataType.Int32 => FromArray(shape, values.Select(v => (int)v).ToArray()),
        DataType.Int16 => FromArray(shape, values.Select(v => (short)v).ToArray()),
        DataType.Int8 => FromArray(shape, values.Select(v => (sbyte)v).ToArray()),
        DataType.UInt8 => FromArray(shape, values.Select(v => (byte)v).ToArray()),
        DataType.UInt16 => FromArray(shape, values.Select(v => (ushort)v).ToArray()),
        DataType.UInt32 => FromArray(shape, values.Select(v => (uint)v).ToArray()),
        DataType.UInt64 => FromArray(shape, values.Select(v => (ulong)v).ToArray()),
        DataType.Bool => FromArray(shape, values.Select(v => v != 0).ToArray()),
        _ => FromDoubles(dataType, shape, [.. values.Select(v => (double)v)]),
    };

    /// <summary>Real values converted to <paramref name="dataType"/> (integers truncate toward zero).</summary>
    public static TensorValue FromDoubles(DataType dataType, long[] shape, IReadOnlyList<double> values) => dataType switch
    {
        DataType.Float => FromArray(shape, values.Select(v => (float)v).ToArray()),
        DataType.Double => FromArray(shape, values.ToArray()),
        DataType.Half => FromArray(shape, values.Select(v => (Half)v).ToArray()),
        DataType.Bool => FromArray(shape, values.Select(v => v != 0).ToArray()),
        _ when DataTypes.ElementSize(dataType) > 0 && !OnnxTypes.IsFloatingPoint(dataType) => FromInt64s(dataType, shape, [.. values.Select(v => (long)v)]),
        _ => throw ServingException.Unimplemented($"Constants of type {DataTypes.TfName(dataType)} cannot be computed while translating."),
    };

    /// <summary>A value of a TensorFlow <c>TensorProto</c> (tensor_content or the typed fields, the last value repeated to fill).</summary>
    public static TensorValue FromTf(Tensorflow.TensorProto proto)
    {
        var dataType = (DataType)(int)proto.Dtype;
        var shape = proto.TensorShape?.Dim.Select(d => d.Size).ToArray() ?? [];
        var count = ShapeElementCount(shape);
        if (dataType == DataType.String)
        {
            return FromStrings(shape, Fill(proto.StringVal.Select(s => s.ToByteArray()).ToArray(), count, []));
        }

        if (!proto.TensorContent.IsEmpty)
        {
            return FromRaw(dataType, shape, proto.TensorContent.Memory);
        }

        return dataType switch
        {
            DataType.Float => FromArray(shape, Fill(proto.FloatVal.ToArray(), count, 0f)),
            DataType.Double => FromArray(shape, Fill(proto.DoubleVal.ToArray(), count, 0d)),
            DataType.Int32 => FromArray(shape, Fill(proto.IntVal.ToArray(), count, 0)),
            DataType.Int16 or DataType.Int8 or DataType.UInt8 or DataType.UInt16 => FromInt64s(dataType, shape, Fill(proto.IntVal.Select(v => (long)v).ToArray(), count, 0L)),
            DataType.Int64 => FromArray(shape, Fill(proto.Int64Val.ToArray(), count, 0L)),
            DataType.UInt32 => FromArray(shape, Fill(proto.Uint32Val.ToArray(), count, 0u)),
            DataType.UInt64 => FromArray(shape, Fill(proto.Uint64Val.ToArray(), count, 0UL)),
            DataType.Bool => FromArray(shape, Fill(proto.BoolVal.ToArray(), count, false)),
            DataType.Half or DataType.BFloat16 => FromRaw(dataType, shape, MemoryMarshal.AsBytes(Fill(proto.HalfVal.Select(v => (ushort)v).ToArray(), count, (ushort)0).AsSpan()).ToArray()),
            _ => throw ServingException.Unimplemented($"TensorFlow constants of type {DataTypes.TfName(dataType)} are not supported."),
        };
    }

    /// <summary>A value of a SealServe tensor (e.g. a restored variable); the bytes are copied.</summary>
    public static TensorValue FromTensor(Tensor tensor)
    {
        var shape = tensor.Shape.ToArray();
        return tensor.IsString
            ? FromStrings(shape, [.. tensor.Strings])
            : FromRaw(tensor.DataType, shape, tensor.Data.ToArray());
    }

    /// <summary>A value of an ONNX <c>TensorProto</c> written by <see cref="ToOnnx"/> (raw_data or string_data).</summary>
    public static TensorValue FromOnnx(global::Onnx.TensorProto proto)
    {
        var dataType = OnnxTypes.FromOnnx(proto.DataType);
        var shape = proto.Dims.ToArray();
        if (dataType == DataType.String)
        {
            return FromStrings(shape, [.. proto.StringData.Select(s => s.ToByteArray())]);
        }

        if (!proto.RawData.IsEmpty || ShapeElementCount(shape) == 0)
        {
            return FromRaw(dataType, shape, proto.RawData.Memory);
        }

        return dataType switch
        {
            DataType.Float => FromArray(shape, proto.FloatData.ToArray()),
            DataType.Double => FromArray(shape, proto.DoubleData.ToArray()),
            DataType.Int64 => FromArray(shape, proto.Int64Data.ToArray()),
            _ => FromInt64s(dataType, shape, [.. proto.Int32Data.Select(v => (long)v)]),
        };
    }

    /// <summary>A SealServe tensor holding a copy of this value (e.g. a constant input of a host kernel).</summary>
    public Tensor ToTensor() => IsString
        ? Tensor.CreateStrings(new TensorShape([.. Shape]), [.. Strings])
        : Tensor.Create(DataType, new TensorShape([.. Shape]), raw.ToArray());

    public global::Onnx.TensorProto ToOnnx(string name)
    {
        var proto = new global::Onnx.TensorProto { Name = name, DataType = OnnxTypes.ToOnnx(DataType) };
        proto.Dims.AddRange(Shape);
        if (IsString)
        {
            proto.StringData.AddRange(Strings.Select(ByteString.CopyFrom));
        }
        else
        {
            proto.RawData = UnsafeByteOperations.UnsafeWrap(raw);
        }

        return proto;
    }

    public ReadOnlySpan<T> Span<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(raw.Span);

    /// <summary>The elements of an integer or boolean tensor as <c>long</c>.</summary>
    public long[] ToInt64s() => DataType switch
    {
        DataType.Int64 => Span<long>().ToArray(),
        DataType.Int32 => Widen(Span<int>()),
        DataType.Int16 => Widen(Span<short>()),
        DataType.Int8 => Widen(Span<sbyte>()),
        DataType.UInt8 => Widen(Span<byte>()),
        DataType.UInt16 => Widen(Span<ushort>()),
        DataType.UInt32 => Widen(Span<uint>()),
        DataType.UInt64 => [.. Span<ulong>().ToArray().Select(v => (long)v)],
        DataType.Bool => [.. Span<bool>().ToArray().Select(v => v ? 1L : 0L)],
        _ when OnnxTypes.IsFloatingPoint(DataType) => [.. ToDoubles().Select(v => (long)v)],
        _ => throw ServingException.InvalidArgument($"A {DataTypes.TfName(DataType)} constant has no integer values."),
    };

    /// <summary>The elements of a numeric tensor as <c>double</c>.</summary>
    public double[] ToDoubles() => DataType switch
    {
        DataType.Float => [.. Span<float>().ToArray().Select(v => (double)v)],
        DataType.Double => Span<double>().ToArray(),
        DataType.Half => [.. Span<Half>().ToArray().Select(v => (double)v)],
        _ => [.. ToInt64s().Select(v => (double)v)],
    };

    /// <summary>This value converted to <paramref name="dataType"/> as ONNX Cast does.</summary>
    public TensorValue CastTo(DataType dataType)
    {
        if (dataType == DataType)
        {
            return this;
        }

        var shape = Shape.ToArray();
        return OnnxTypes.IsFloatingPoint(DataType) || DataType is DataType.UInt64
            ? FromDoubles(dataType, shape, ToDoubles())
            : FromInt64s(dataType, shape, ToInt64s());
    }

    public TensorValue Reshape(long[] shape) => IsString ? FromStrings(shape, [.. Strings]) : FromRaw(DataType, shape, raw);

    public override string ToString() => $"{DataTypes.TfName(DataType)}[{string.Join(",", Shape)}]";

    private static long ShapeElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= Math.Max(dim, 0);
        }

        return count;
    }

    private static long[] Widen<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IConvertible
    {
        var result = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i].ToInt64(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>TF's fill rule: an empty list means zeros, a short list repeats its last value.</summary>
    private static T[] Fill<T>(T[] values, long count, T zero)
    {
        if (values.Length == count)
        {
            return values;
        }

        var filled = new T[count];
        for (var i = 0; i < count; i++)
        {
            filled[i] = values.Length == 0 ? zero : values[Math.Min(i, values.Length - 1)];
        }

        return filled;
    }
}
