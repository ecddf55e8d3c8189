using System.Runtime.InteropServices;
using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Builds tensor values from JSON values of a predict request by TF Serving's rules (its
/// <c>GetDenseTensorShape</c>/<c>FillTensorProto</c>/<c>AddValueToTensor</c>), with the same error texts.
/// </summary>
/// <remarks>
/// The shape is read by following first elements (each array level adds its length); then a walk checks
/// every list against that shape and converts every leaf by the signature's dtype. Both are loops over an
/// explicit stack bounded by <see cref="TensorShape.MaxRank"/>: nothing here recurses per nesting level.
/// Values go straight into the tensor's pooled memory (typed views of it); a walk with no destination
/// only validates, which is how errors are found in document order before any memory is committed.
/// Deliberate differences from TF Serving: DT_HALF, DT_BFLOAT16 (numbers, narrowed like DT_FLOAT) and
/// DT_UINT16 (like DT_INT16: an int32 literal, truncated) are accepted where it answers UNIMPLEMENTED.
/// </remarks>
internal sealed class JsonTensorReader
{
    private readonly TfJsonDocument document;
    private long[] dims = new long[8];
    private JsonElement.ArrayEnumerator[] open = new JsonElement.ArrayEnumerator[8];

    public JsonTensorReader(TfJsonDocument document)
    {
        this.document = document;
    }

    /// <summary>The dimensions found by the last <see cref="ReadShape"/>.</summary>
    public ReadOnlySpan<long> Dims => dims;

    /// <summary>Saturating element count of a shape (a count above the body size cannot be valid).</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d == 0)
            {
                return 0;
            }

            count = count > long.MaxValue / d ? long.MaxValue : count * d;
        }

        return count;
    }

    /// <summary>TF Serving's <c>[3,2]</c> shape text (<c>[]</c> for a scalar).</summary>
    public static string ShapeText(ReadOnlySpan<long> shape) => "[" + string.Join(',', shape.ToArray()) + "]";

    /// <summary>Reads the shape of <paramref name="value"/> into <see cref="Dims"/> and returns its rank.</summary>
    public int ReadShape(JsonElement value)
    {
        var rank = 0;
        var current = value;
        while (current.ValueKind == JsonValueKind.Array)
        {
            if (rank == TensorShape.MaxRank)
            {
                throw ServingException.InvalidArgument(
                    $"Encountered lists nested more than {TensorShape.MaxRank} levels deep: a tensor has at most {TensorShape.MaxRank} dimensions");
            }

            if (rank == dims.Length)
            {
                Array.Resize(ref dims, TensorShape.MaxRank);
            }

            var length = current.GetArrayLength();
            dims[rank++] = length;
            if (length == 0)
            {
                break;
            }

            current = current[0];
        }

        return rank;
    }

    /// <summary>A whole tensor from one JSON value (columnar format).</summary>
    public Tensor ReadTensor(JsonElement value, DataType type)
    {
        var rank = ReadShape(value);
        var shape = dims.AsSpan(0, rank);
        var count = ElementCount(shape);
        if (!DataTypes.IsSupported(type) || count > document.BodyLength)
        {
            // No valid value has more leaves than the body has bytes, and no value converts to an unsupported
            // type: a validating walk finds the first error in document order.
            Fill(value, shape, type, default, null, 0);
            throw DataTypes.IsSupported(type)
                ? new InvalidOperationException($"A JSON value of shape {ShapeText(shape)} passed validation in a {document.BodyLength}-byte body.")
                : ServingException.Unimplemented($"Conversion of JSON Value: {document.Render(value)} to type: {DataTypes.ShortName(type)}");
        }

        var tensorShape = new TensorShape(shape.ToArray());
        if (type == DataType.String)
        {
            var strings = new byte[count][];
            Fill(value, shape, type, default, strings, 0);
            return Tensor.CreateStrings(tensorShape, strings);
        }

        var tensor = Tensor.Allocate(type, tensorShape);
        try
        {
            Fill(value, shape, type, tensor.Data.Span, null, 0);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks <paramref name="value"/> against <paramref name="shape"/> and converts its leaves into
    /// <paramref name="data"/> (element size of <paramref name="type"/>) or <paramref name="strings"/>, from
    /// element <paramref name="offset"/> on; with neither, only validates.
    /// </summary>
    public void Fill(JsonElement value, ReadOnlySpan<long> shape, DataType type, Span<byte> data, byte[][]? strings, int offset)
    {
        var rank = shape.Length;
        if (value.ValueKind != JsonValueKind.Array)
        {
            StoreLeaf(value, 0, rank, type, data, strings, offset);
            return;
        }

        if (open.Length < rank)
        {
            open = new JsonElement.ArrayEnumerator[TensorShape.MaxRank];
        }

        // The root list has the length the shape was read from.
        var index = offset;
        open[0] = value.EnumerateArray();
        var depth = 1;
        while (depth > 0)
        {
            ref var items = ref open[depth - 1];
            if (!items.MoveNext())
            {
                depth--;
                continue;
            }

            var item = items.Current;
            if (item.ValueKind != JsonValueKind.Array)
            {
                StoreLeaf(item, depth, rank, type, data, strings, index++);
                continue;
            }

            if (depth >= rank)
            {
                throw ServingException.InvalidArgument($"Encountered list at unexpected level: {depth} expected < {rank}");
            }

            var length = item.GetArrayLength();
            if (length != shape[depth])
            {
                throw ServingException.InvalidArgument(
                    $"Encountered list at unexpected size: {length} at level: {depth} expected size: {shape[depth]}");
            }

            open[depth++] = item.EnumerateArray();
        }
    }

    /// <summary>TF Serving's <c>{"b64": "..."}</c> test: an object whose only member is <c>b64</c> with a string value.</summary>
    public static bool IsBase64Object(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || value.GetPropertyCount() != 1)
        {
            return false;
        }

        foreach (var member in value.EnumerateObject())
        {
            return member.NameEquals("b64"u8) && member.Value.ValueKind == JsonValueKind.String;
        }

        return false;
    }

    private static void Set<T>(Span<byte> data, int index, T value)
        where T : unmanaged
    {
        if (!data.IsEmpty)
        {
            MemoryMarshal.Cast<byte, T>(data)[index] = value;
        }
    }

    /// <summary>float → bfloat16 with round-to-nearest-even, as TensorFlow converts.</summary>
    internal static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }

    private void StoreLeaf(JsonElement leaf, int level, int rank, DataType type, Span<byte> data, byte[][]? strings, int index)
    {
        if (level != rank)
        {
            throw ServingException.InvalidArgument(
                $"JSON Value: {document.Render(leaf)} found at incorrect level: {level + 1} in the JSON DOM. Expected at level: {rank}");
        }

        switch (type)
        {
            case DataType.Float:
                Set(data, index, (float)ReadNumber(leaf, type));
                break;
            case DataType.Double:
                Set(data, index, ReadNumber(leaf, type));
                break;
            case DataType.Half:
                Set(data, index, (Half)ReadNumber(leaf, type));
                break;
            case DataType.BFloat16:
                Set(data, index, ToBFloat16((float)ReadNumber(leaf, type)));
                break;

            // TF Serving keeps these as int32 and TensorFlow truncates: no range check below 32 bits.
            case DataType.Int8:
                Set(data, index, unchecked((sbyte)ReadInt32(leaf, type)));
                break;
            case DataType.UInt8:
                Set(data, index, unchecked((byte)ReadInt32(leaf, type)));
                break;
            case DataType.Int16:
                Set(data, index, unchecked((short)ReadInt32(leaf, type)));
                break;
            case DataType.UInt16:
                Set(data, index, unchecked((ushort)ReadInt32(leaf, type)));
                break;
            case DataType.Int32:
                Set(data, index, ReadInt32(leaf, type));
                break;
            case DataType.Int64:
                Set(data, index, leaf.ValueKind == JsonValueKind.Number && leaf.TryGetInt64(out var int64) ? int64 : throw TypeError(leaf, type));
                break;
            case DataType.UInt32:
                Set(data, index, leaf.ValueKind == JsonValueKind.Number && leaf.TryGetUInt32(out var uint32) ? uint32 : IsMinusZero(leaf) ? 0u : throw TypeError(leaf, type));
                break;
            case DataType.UInt64:
                Set(data, index, leaf.ValueKind == JsonValueKind.Number && leaf.TryGetUInt64(out var uint64) ? uint64 : IsMinusZero(leaf) ? 0ul : throw TypeError(leaf, type));
                break;
            case DataType.Bool:
                Set(data, index, leaf.ValueKind switch
                {
                    JsonValueKind.True => (byte)1,
                    JsonValueKind.False => (byte)0,
                    _ => throw TypeError(leaf, type),
                });
                break;
            case DataType.String:
                var bytes = ReadBytes(leaf, type);
                if (strings is not null)
                {
                    strings[index] = bytes;
                }

                break;
            default:
                throw leaf.ValueKind == JsonValueKind.Object
                    ? TypeError(leaf, type)
                    : ServingException.Unimplemented($"Conversion of JSON Value: {document.Render(leaf)} to type: {DataTypes.ShortName(type)}");
        }
    }

    private double ReadNumber(JsonElement leaf, DataType type) =>
        leaf.ValueKind == JsonValueKind.Number ? document.GetDouble(leaf) : throw TypeError(leaf, type);

    private int ReadInt32(JsonElement leaf, DataType type) =>
        leaf.ValueKind == JsonValueKind.Number && leaf.TryGetInt32(out var value) ? value : throw TypeError(leaf, type);

    private byte[] ReadBytes(JsonElement leaf, DataType type)
    {
        if (leaf.ValueKind == JsonValueKind.String)
        {
            return document.GetBytes(leaf);
        }

        if (leaf.ValueKind != JsonValueKind.Object)
        {
            throw TypeError(leaf, type);
        }

        if (!IsBase64Object(leaf))
        {
            throw ServingException.InvalidArgument($"JSON Value: {document.Render(leaf)} not formatted correctly for base64 data");
        }

        foreach (var member in leaf.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8Value(member.Value);
            var text = raw[1..^1];
            if (AbslBase64.TryDecode(text.IndexOf((byte)'\\') < 0 ? text : document.GetBytes(member.Value), out var decoded))
            {
                return decoded;
            }
        }

        throw ServingException.InvalidArgument("Unable to base64 decode");
    }

    /// <summary>rapidjson reads <c>-0</c> as the integer 0, which also counts as unsigned.</summary>
    private static bool IsMinusZero(JsonElement leaf) =>
        leaf.ValueKind == JsonValueKind.Number && JsonMarshal.GetRawUtf8Value(leaf).SequenceEqual("-0"u8);

    /// <summary>The wrong-type error, or the parse error TF Serving gives first for a number beyond double range.</summary>
    private ServingException TypeError(JsonElement leaf, DataType type) =>
        document.IsOutOfRange(leaf)
            ? document.ParseError()
            : ServingException.InvalidArgument(
                $"JSON Value: {document.Render(leaf)} Type: {TfJsonDocument.TypeName(leaf)} is not of expected type: {DataTypes.ShortName(type)}");
}
