using System.Runtime.InteropServices;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using TfDataType = Tensorflow.DataType;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// Converts between <see cref="Tensorflow.TensorProto"/> and <see cref="Tensor"/> with TensorFlow's
/// rules: <c>tensor_content</c> (raw little-endian bytes) when present, otherwise the typed field,
/// where fewer values than elements repeat the last one (none → zeros) and extra values are ignored.
/// </summary>
internal static class TensorProtoCodec
{
    /// <summary>
    /// Decodes a request input; errors are INVALID_ARGUMENT <c>tensor parsing error: &lt;alias&gt;: why</c>.
    /// A tensor with fewer values than elements (TensorFlow repeats the last value, or fills zeros) may decode to
    /// at most <paramref name="maxExpandedBytes"/>: a few bytes of message must not ask for gigabytes.
    /// </summary>
    public static Tensor FromProto(string alias, Tensorflow.TensorProto proto, long maxExpandedBytes)
    {
        var dataType = (DataType)(int)proto.Dtype;
        if (!DataTypes.IsSupported(dataType))
        {
            throw Error(alias, $"unsupported dtype {DataTypes.TfName(dataType)}");
        }

        var shape = ShapeOf(alias, proto.TensorShape);
        if (dataType == DataType.String)
        {
            var values = proto.StringVal;
            if (values.Count < shape.ElementCount)
            {
                var last = values.Count == 0 ? 0 : values[^1].Length;
                CheckExpansion(alias, shape, values.Count, shape.ByteCount(IntPtr.Size + last), maxExpandedBytes);
            }

            return Tensor.CreateStrings(shape, ReadStrings(values, shape.ElementCount));
        }

        var byteCount = shape.ByteCount(DataTypes.ElementSize(dataType));
        if (byteCount is < 0 or > int.MaxValue)
        {
            throw Error(alias, $"shape {shape} is too large");
        }

        if (!proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length != byteCount)
            {
                throw Error(alias, $"tensor_content has {proto.TensorContent.Length} bytes but {DataTypes.TfName(dataType)}{shape} needs {byteCount}");
            }

            // The engine reads the request's own bytes, which live as long as the call: no pooled copy (for an
            // image, 600 KB rented, cleared and copied per request; LoadTest sealserve-grpc, squeezenet1_1).
            // Nothing writes to an input tensor.
            return Tensor.Create(dataType, shape, MemoryMarshal.AsMemory(proto.TensorContent.Memory));
        }

        var count = ValueCount(proto, dataType);
        if (count < shape.ElementCount)
        {
            CheckExpansion(alias, shape, count, byteCount, maxExpandedBytes);
        }

        var tensor = Tensor.Allocate(dataType, shape);
        switch (dataType)
        {
            case DataType.Float: Fill(proto.FloatVal, tensor.AsSpan<float>(), v => v); break;
            case DataType.Double: Fill(proto.DoubleVal, tensor.AsSpan<double>(), v => v); break;
            case DataType.Int32: Fill(proto.IntVal, tensor.AsSpan<int>(), v => v); break;
            case DataType.Int16: Fill(proto.IntVal, tensor.AsSpan<short>(), v => (short)v); break;
            case DataType.Int8: Fill(proto.IntVal, tensor.AsSpan<sbyte>(), v => (sbyte)v); break;
            case DataType.UInt8: Fill(proto.IntVal, tensor.AsSpan<byte>(), v => (byte)v); break;
            case DataType.UInt16: Fill(proto.IntVal, tensor.AsSpan<ushort>(), v => (ushort)v); break;
            case DataType.Int64: Fill(proto.Int64Val, tensor.AsSpan<long>(), v => v); break;
            case DataType.UInt32: Fill(proto.Uint32Val, tensor.AsSpan<uint>(), v => v); break;
            case DataType.UInt64: Fill(proto.Uint64Val, tensor.AsSpan<ulong>(), v => v); break;
            case DataType.Bool: Fill(proto.BoolVal, tensor.AsSpan<bool>(), v => v); break;

            // half_val carries the 16-bit pattern of DT_HALF and DT_BFLOAT16 in an int32.
            case DataType.Half or DataType.BFloat16: Fill(proto.HalfVal, tensor.AsSpan<ushort>(), v => (ushort)v); break;
        }

        return tensor;
    }

    /// <summary>Encodes an output with typed fields (TF Serving's default) or as <c>tensor_content</c>.</summary>
    public static Tensorflow.TensorProto ToProto(Tensor tensor, bool asTensorContent)
    {
        var proto = new Tensorflow.TensorProto { Dtype = (TfDataType)(int)tensor.DataType, TensorShape = ToShapeProto(tensor.Shape) };
        if (tensor.IsString)
        {
            foreach (var value in tensor.Strings)
            {
                proto.StringVal.Add(ByteString.CopyFrom(value));
            }

            return proto;
        }

        if (asTensorContent)
        {
            proto.TensorContent = ByteString.CopyFrom(tensor.Data.Span);
            return proto;
        }

        switch (tensor.DataType)
        {
            case DataType.Float: proto.FloatVal.AddRange(tensor.AsSpan<float>().ToArray()); break;
            case DataType.Double: proto.DoubleVal.AddRange(tensor.AsSpan<double>().ToArray()); break;
            case DataType.Int32: proto.IntVal.AddRange(tensor.AsSpan<int>().ToArray()); break;
            case DataType.Int16: AddAll(proto.IntVal, tensor.AsSpan<short>(), v => v); break;
            case DataType.Int8: AddAll(proto.IntVal, tensor.AsSpan<sbyte>(), v => v); break;
            case DataType.UInt8: AddAll(proto.IntVal, tensor.AsSpan<byte>(), v => v); break;
            case DataType.UInt16: AddAll(proto.IntVal, tensor.AsSpan<ushort>(), v => v); break;
            case DataType.Int64: proto.Int64Val.AddRange(tensor.AsSpan<long>().ToArray()); break;
            case DataType.UInt32: proto.Uint32Val.AddRange(tensor.AsSpan<uint>().ToArray()); break;
            case DataType.UInt64: proto.Uint64Val.AddRange(tensor.AsSpan<ulong>().ToArray()); break;
            case DataType.Bool: proto.BoolVal.AddRange(tensor.AsSpan<bool>().ToArray()); break;
            case DataType.Half or DataType.BFloat16: AddAll(proto.HalfVal, tensor.AsSpan<ushort>(), v => v); break;
            default: throw ServingException.Unimplemented($"Cannot encode a {DataTypes.TfName(tensor.DataType)} tensor.");
        }

        return proto;
    }

    public static Tensorflow.TensorShapeProto ToShapeProto(TensorShape shape)
    {
        var proto = new Tensorflow.TensorShapeProto();
        foreach (var size in shape.Dims)
        {
            proto.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = size });
        }

        return proto;
    }

    private static TensorShape ShapeOf(string alias, Tensorflow.TensorShapeProto? proto)
    {
        if (proto is null)
        {
            return TensorShape.Scalar;
        }

        if (proto.UnknownRank)
        {
            throw Error(alias, "the shape has unknown rank");
        }

        if (proto.Dim.Count > TensorShape.MaxRank)
        {
            throw Error(alias, $"rank {proto.Dim.Count} exceeds the limit of {TensorShape.MaxRank}");
        }

        var dims = new long[proto.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = proto.Dim[i].Size;
            if (dims[i] < 0)
            {
                throw Error(alias, $"dimension {i} has size {dims[i]}");
            }
        }

        try
        {
            return new TensorShape(dims);
        }
        catch (OverflowException)
        {
            throw Error(alias, $"shape [{string.Join(",", dims)}] has too many elements");
        }
    }

    /// <summary>The typed values a tensor without <c>tensor_content</c> carries for its dtype.</summary>
    private static int ValueCount(Tensorflow.TensorProto proto, DataType dataType) => dataType switch
    {
        DataType.Float => proto.FloatVal.Count,
        DataType.Double => proto.DoubleVal.Count,
        DataType.Int32 or DataType.Int16 or DataType.Int8 or DataType.UInt8 or DataType.UInt16 => proto.IntVal.Count,
        DataType.Int64 => proto.Int64Val.Count,
        DataType.UInt32 => proto.Uint32Val.Count,
        DataType.UInt64 => proto.Uint64Val.Count,
        DataType.Bool => proto.BoolVal.Count,
        DataType.Half or DataType.BFloat16 => proto.HalfVal.Count,
        _ => 0,
    };

    private static void CheckExpansion(string alias, TensorShape shape, int values, long bytes, long maxExpandedBytes)
    {
        if (bytes < 0 || bytes > maxExpandedBytes)
        {
            throw Error(alias, $"{values} value(s) for the {shape.ElementCount} elements of shape {shape}: filling them takes {(bytes < 0 ? "more than 2^63" : bytes)} bytes, over this request's limit of {maxExpandedBytes}");
        }
    }

    private static byte[][] ReadStrings(IList<ByteString> values, long count)
    {
        var strings = new byte[count][];
        var copies = (int)Math.Min(values.Count, count);
        for (var i = 0; i < copies; i++)
        {
            strings[i] = values[i].ToByteArray();
        }

        // Repeated elements share one array: nothing writes to an input tensor.
        strings.AsSpan(copies).Fill(copies > 0 ? strings[copies - 1] : []);
        return strings;
    }

    private static void Fill<TProto, TElement>(IList<TProto> values, Span<TElement> target, Func<TProto, TElement> convert)
        where TElement : unmanaged
    {
        var count = Math.Min(values.Count, target.Length);
        for (var i = 0; i < count; i++)
        {
            target[i] = convert(values[i]);
        }

        if (count > 0 && count < target.Length)
        {
            target[count..].Fill(target[count - 1]);
        }
    }

    private static void AddAll<TElement, TProto>(Google.Protobuf.Collections.RepeatedField<TProto> field, ReadOnlySpan<TElement> values, Func<TElement, TProto> convert)
        where TElement : unmanaged
    {
        field.Capacity = values.Length;
        foreach (var value in values)
        {
            field.Add(convert(value));
        }
    }

    private static ServingException Error(string alias, string why) =>
        ServingException.InvalidArgument($"tensor parsing error: {alias}: {why}");
}
