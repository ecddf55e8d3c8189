using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// The <c>data</c> of a REST tensor: a JSON array, flat or nested any way, whose leaves in order are the elements in
/// row-major order. Numbers for numeric types (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> also for floats), true
/// and false for BOOL, strings (UTF-8) or <c>{"b64": "..."}</c> for BYTES. Values go straight into the tensor's memory.
/// </summary>
internal static class JsonTensorData
{
    /// <param name="bodyLength">The request's size: no valid <paramref name="data"/> has more elements than it has bytes,
    /// so a larger shape is refused before its memory is allocated.</param>
    public static Tensor Read(string name, DataType type, TensorShape shape, JsonElement data, long bodyLength)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw V2Errors.Tensor(name, $"'data' must be an array, not {data.ValueKind}");
        }

        if (shape.ElementCount > bodyLength)
        {
            throw V2Errors.Tensor(name, $"shape {shape} has {shape.ElementCount} elements, more than a {bodyLength}-byte request can carry");
        }

        var count = (int)shape.ElementCount;
        if (type == DataType.String)
        {
            var strings = new byte[count][];
            var filled = 0;
            Fill(name, data, type, [], strings, ref filled);
            CheckCount(name, shape, filled);
            return Tensor.CreateStrings(shape, strings);
        }

        var tensor = Tensor.Allocate(type, shape);
        try
        {
            var filled = 0;
            Fill(name, data, type, tensor.Data.Span, null, ref filled);
            CheckCount(name, shape, filled);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private static void CheckCount(string name, TensorShape shape, int filled)
    {
        if (filled != shape.ElementCount)
        {
            throw V2Errors.Tensor(name, $"shape {shape} has {shape.ElementCount} elements but 'data' has {filled} values");
        }
    }

    /// <summary>Depth-first over nested arrays; the depth is bounded by the parser's maximum nesting.</summary>
    private static void Fill(string name, JsonElement array, DataType type, Span<byte> data, byte[][]? strings, ref int index)
    {
        var capacity = strings?.Length ?? data.Length / DataTypes.ElementSize(type);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Fill(name, item, type, data, strings, ref index);
                continue;
            }

            if (index == capacity)
            {
                throw V2Errors.Tensor(name, $"'data' has more values than the {capacity} elements of its shape");
            }

            Store(name, item, type, data, strings, index++);
        }
    }

    private static void Store(string name, JsonElement leaf, DataType type, Span<byte> data, byte[][]? strings, int index)
    {
        switch (type)
        {
            case DataType.Bool:
                data[index] = leaf.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw Invalid(name, leaf, type),
                };
                break;
            case DataType.Int8: Set(data, index, (sbyte)Integer(name, leaf, type, sbyte.MinValue, sbyte.MaxValue)); break;
            case DataType.Int16: Set(data, index, (short)Integer(name, leaf, type, short.MinValue, short.MaxValue)); break;
            case DataType.Int32: Set(data, index, (int)Integer(name, leaf, type, int.MinValue, int.MaxValue)); break;
            case DataType.Int64: Set(data, index, Integer(name, leaf, type, long.MinValue, long.MaxValue)); break;
            case DataType.UInt8: Set(data, index, (byte)Integer(name, leaf, type, 0, byte.MaxValue)); break;
            case DataType.UInt16: Set(data, index, (ushort)Integer(name, leaf, type, 0, ushort.MaxValue)); break;
            case DataType.UInt32: Set(data, index, (uint)Integer(name, leaf, type, 0, uint.MaxValue)); break;
            case DataType.UInt64:
                Set(data, index, leaf.ValueKind == JsonValueKind.Number && leaf.TryGetUInt64(out var u64) ? u64 : throw Invalid(name, leaf, type));
                break;
            case DataType.Float: Set(data, index, Single(name, leaf, type)); break;
            case DataType.Double: Set(data, index, Double(name, leaf, type)); break;
            case DataType.Half: Set(data, index, (Half)Single(name, leaf, type)); break;
            case DataType.BFloat16: Set(data, index, JsonTensorReader.ToBFloat16(Single(name, leaf, type))); break;
            case DataType.String: strings![index] = Bytes(name, leaf); break;
            default: throw V2Errors.Tensor(name, $"{V2DataTypes.Name(type)} cannot be sent");
        }
    }

    private static void Set<T>(Span<byte> data, int index, T value)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(data)[index] = value;

    private static long Integer(string name, JsonElement leaf, DataType type, long min, long max) =>
        leaf.ValueKind == JsonValueKind.Number && leaf.TryGetInt64(out var value) && value >= min && value <= max ? value : throw Invalid(name, leaf, type);

    private static float Single(string name, JsonElement leaf, DataType type) =>
        leaf.ValueKind == JsonValueKind.Number && leaf.TryGetSingle(out var value) ? value : (float)NamedFloat(name, leaf, type);

    private static double Double(string name, JsonElement leaf, DataType type) =>
        leaf.ValueKind == JsonValueKind.Number && leaf.TryGetDouble(out var value) ? value : NamedFloat(name, leaf, type);

    private static double NamedFloat(string name, JsonElement leaf, DataType type) =>
        leaf.ValueKind != JsonValueKind.String ? throw Invalid(name, leaf, type)
        : leaf.ValueEquals("NaN") ? double.NaN
        : leaf.ValueEquals("Infinity") || leaf.ValueEquals("inf") ? double.PositiveInfinity
        : leaf.ValueEquals("-Infinity") || leaf.ValueEquals("-inf") ? double.NegativeInfinity
        : throw Invalid(name, leaf, type);

    private static byte[] Bytes(string name, JsonElement leaf)
    {
        if (leaf.ValueKind == JsonValueKind.String)
        {
            return Encoding.UTF8.GetBytes(leaf.GetString()!);
        }

        if (JsonTensorReader.IsBase64Object(leaf) && leaf.GetProperty("b64").GetString() is { } text)
        {
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
            if (Convert.TryFromBase64String(text, bytes, out var written))
            {
                return bytes[..written];
            }
        }

        throw Invalid(name, leaf, DataType.String);
    }

    private static Core.Errors.ServingException Invalid(string name, JsonElement leaf, DataType type)
    {
        var text = leaf.GetRawText();
        return V2Errors.Tensor(name, $"{(text.Length <= 64 ? text : text[..64] + "...")} is not a valid {V2DataTypes.Name(type)} value");
    }
}
