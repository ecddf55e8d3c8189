using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SealServe.Client.Tensors;

namespace SealServe.Client.V2;

/// <summary>Tensor values as JSON: a flat <c>data</c> array written from raw bytes, and JSON values (flat or nested) read back into raw bytes.</summary>
internal static class InferJson
{
    public static void WriteData(Utf8JsonWriter json, InferTensor tensor)
    {
        json.WriteStartArray();
        var raw = tensor.Raw.Span;
        switch (tensor.Datatype)
        {
            case "BOOL": foreach (var v in raw) { json.WriteBooleanValue(v != 0); } break;
            case "UINT8": foreach (var v in raw) { json.WriteNumberValue(v); } break;
            case "INT8": foreach (var v in MemoryMarshal.Cast<byte, sbyte>(raw)) { json.WriteNumberValue(v); } break;
            case "UINT16": foreach (var v in MemoryMarshal.Cast<byte, ushort>(raw)) { json.WriteNumberValue(v); } break;
            case "INT16": foreach (var v in MemoryMarshal.Cast<byte, short>(raw)) { json.WriteNumberValue(v); } break;
            case "UINT32": foreach (var v in MemoryMarshal.Cast<byte, uint>(raw)) { json.WriteNumberValue(v); } break;
            case "INT32": foreach (var v in MemoryMarshal.Cast<byte, int>(raw)) { json.WriteNumberValue(v); } break;
            case "UINT64": foreach (var v in MemoryMarshal.Cast<byte, ulong>(raw)) { json.WriteNumberValue(v); } break;
            case "INT64": foreach (var v in MemoryMarshal.Cast<byte, long>(raw)) { json.WriteNumberValue(v); } break;
            case "FP16": foreach (var v in MemoryMarshal.Cast<byte, Half>(raw)) { WriteFloat(json, (float)v); } break;
            case "BF16": foreach (var v in MemoryMarshal.Cast<byte, ushort>(raw)) { WriteFloat(json, BitConverter.UInt32BitsToSingle((uint)v << 16)); } break;
            case "FP32": foreach (var v in MemoryMarshal.Cast<byte, float>(raw)) { WriteFloat(json, v); } break;
            case "FP64": foreach (var v in MemoryMarshal.Cast<byte, double>(raw)) { WriteDouble(json, v); } break;
            case Datatypes.Bytes:
                foreach (var value in tensor.ToBytes())
                {
                    if (Utf8.IsValid(value))
                    {
                        json.WriteStringValue(value);
                    }
                    else
                    {
                        json.WriteStartObject();
                        json.WriteBase64String("b64"u8, value);
                        json.WriteEndObject();
                    }
                }

                break;
            default: throw new NotSupportedException($"Unknown datatype {tensor.Datatype}.");
        }

        json.WriteEndArray();
    }

    /// <summary>The leaves of <paramref name="data"/> (nested any way) as the protocol's raw bytes of <paramref name="datatype"/>.</summary>
    public static byte[] ReadData(JsonElement data, string datatype)
    {
        var leaves = new List<JsonElement>();
        Flatten(data, leaves);
        if (datatype == Datatypes.Bytes)
        {
            var strings = leaves.Select(v => v.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(v.GetString()!) : v.GetProperty("b64").GetBytesFromBase64()).ToArray();
            var raw = new byte[strings.Sum(s => 4 + s.Length)];
            var offset = 0;
            foreach (var s in strings)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(offset), (uint)s.Length);
                s.CopyTo(raw, offset + 4);
                offset += 4 + s.Length;
            }

            return raw;
        }

        var size = Datatypes.Size(datatype);
        var bytes = new byte[leaves.Count * size];
        for (var i = 0; i < leaves.Count; i++)
        {
            var target = bytes.AsSpan(i * size, size);
            var leaf = leaves[i];
            switch (datatype)
            {
                case "BOOL": target[0] = leaf.GetBoolean() ? (byte)1 : (byte)0; break;
                case "UINT8": target[0] = leaf.GetByte(); break;
                case "INT8": target[0] = (byte)leaf.GetSByte(); break;
                case "UINT16": BinaryPrimitives.WriteUInt16LittleEndian(target, leaf.GetUInt16()); break;
                case "INT16": BinaryPrimitives.WriteInt16LittleEndian(target, leaf.GetInt16()); break;
                case "UINT32": BinaryPrimitives.WriteUInt32LittleEndian(target, leaf.GetUInt32()); break;
                case "INT32": BinaryPrimitives.WriteInt32LittleEndian(target, leaf.GetInt32()); break;
                case "UINT64": BinaryPrimitives.WriteUInt64LittleEndian(target, leaf.GetUInt64()); break;
                case "INT64": BinaryPrimitives.WriteInt64LittleEndian(target, leaf.GetInt64()); break;
                case "FP16": BinaryPrimitives.WriteHalfLittleEndian(target, (Half)Single(leaf)); break;
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)(BitConverter.SingleToUInt32Bits(Single(leaf)) >> 16)); break;
                case "FP32": BinaryPrimitives.WriteSingleLittleEndian(target, Single(leaf)); break;
                case "FP64": BinaryPrimitives.WriteDoubleLittleEndian(target, Double(leaf)); break;
            }
        }

        return bytes;
    }

    /// <summary>A float; JSON has no non-finite numbers, so those are the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> (as the server writes and reads them).</summary>
    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(NonFinite(value));
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(NonFinite(value));
        }
    }

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    /// <summary>A float read as a float (not through double, which could round a float's shortest text twice).</summary>
    private static float Single(JsonElement leaf) => leaf.ValueKind == JsonValueKind.String ? (float)NonFinite(leaf) : leaf.GetSingle();

    private static double Double(JsonElement leaf) => leaf.ValueKind == JsonValueKind.String ? NonFinite(leaf) : leaf.GetDouble();

    private static double NonFinite(JsonElement leaf) => leaf.GetString() switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        var text => throw new FormatException($"'{text}' is not a number."),
    };

    private static void Flatten(JsonElement value, List<JsonElement> leaves)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            leaves.Add(value);
            return;
        }

        foreach (var item in value.EnumerateArray())
        {
            Flatten(item, leaves);
        }
    }
}
