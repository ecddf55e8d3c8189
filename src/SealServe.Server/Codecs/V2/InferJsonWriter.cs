using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using SealServe.Core.Tensors;
using SealServe.Server.V2;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// The REST inference response: the JSON response object, with each output's values as a flat <c>data</c> array, or,
/// for outputs sent as binary data, a <c>binary_data_size</c> parameter and the bytes after the JSON (returned to the
/// caller to send in place from the engine's memory). Non-finite floats are written as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c> (JSON has no such numbers; strict parsers refuse TF Serving's bare <c>NaN</c>);
/// a BYTES element that is not UTF-8 as <c>{"b64": "..."}</c>.
/// </summary>
internal static class InferJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <returns>The binary data to send after the JSON, in output order (empty when every output is in the JSON).</returns>
    public static List<ReadOnlyMemory<byte>> Write(IBufferWriter<byte> output, InferenceResult result, string? id)
    {
        var binary = new List<ReadOnlyMemory<byte>>();
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("model_name"u8, result.ModelName);
        json.WriteString("model_version"u8, result.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (id is not null)
        {
            json.WriteString("id"u8, id);
        }

        json.WriteStartArray("outputs"u8);
        foreach (var (name, tensor, asBinary) in result.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, name);
            json.WriteString("datatype"u8, V2DataTypes.Name(tensor.DataType));
            json.WriteStartArray("shape"u8);
            foreach (var dim in tensor.Shape.Dims)
            {
                json.WriteNumberValue(dim);
            }

            json.WriteEndArray();
            if (asBinary)
            {
                var data = tensor.IsString ? RawTensors.EncodeStrings(tensor) : tensor.Data;
                binary.Add(data);
                json.WriteStartObject("parameters"u8);
                json.WriteNumber("binary_data_size"u8, data.Length);
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("data"u8);
                WriteData(json, tensor);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return binary;
    }

    private static void WriteData(Utf8JsonWriter json, Tensor tensor)
    {
        json.WriteStartArray();
        switch (tensor.DataType)
        {
            case DataType.Bool: foreach (var v in tensor.AsSpan<byte>()) { json.WriteBooleanValue(v != 0); } break;
            case DataType.Int8: foreach (var v in tensor.AsSpan<sbyte>()) { json.WriteNumberValue(v); } break;
            case DataType.Int16: foreach (var v in tensor.AsSpan<short>()) { json.WriteNumberValue(v); } break;
            case DataType.Int32: foreach (var v in tensor.AsSpan<int>()) { json.WriteNumberValue(v); } break;
            case DataType.Int64: foreach (var v in tensor.AsSpan<long>()) { json.WriteNumberValue(v); } break;
            case DataType.UInt8: foreach (var v in tensor.AsSpan<byte>()) { json.WriteNumberValue(v); } break;
            case DataType.UInt16: foreach (var v in tensor.AsSpan<ushort>()) { json.WriteNumberValue(v); } break;
            case DataType.UInt32: foreach (var v in tensor.AsSpan<uint>()) { json.WriteNumberValue(v); } break;
            case DataType.UInt64: foreach (var v in tensor.AsSpan<ulong>()) { json.WriteNumberValue(v); } break;
            case DataType.Float: foreach (var v in tensor.AsSpan<float>()) { WriteFloat(json, v); } break;
            case DataType.Double: foreach (var v in tensor.AsSpan<double>()) { WriteFloat(json, v); } break;
            case DataType.Half: foreach (var v in tensor.AsSpan<Half>()) { WriteFloat(json, (float)v); } break;
            case DataType.BFloat16: foreach (var v in tensor.AsSpan<ushort>()) { WriteFloat(json, BitConverter.UInt32BitsToSingle((uint)v << 16)); } break;
            case DataType.String:
                foreach (var value in tensor.Strings)
                {
                    WriteBytes(json, value);
                }

                break;
            default: throw new InvalidOperationException($"No v2 datatype for {tensor.DataType}.");
        }

        json.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(float.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
    }

    private static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
    }

    private static void WriteBytes(Utf8JsonWriter json, byte[] value)
    {
        if (Utf8.IsValid(value))
        {
            json.WriteStringValue(value);
            return;
        }

        json.WriteStartObject();
        json.WriteBase64String("b64"u8, value);
        json.WriteEndObject();
    }
}
