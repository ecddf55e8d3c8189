using System.Buffers;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Writes a REST predict response (TF Serving's <c>MakeJsonFromTensors</c>): <c>{"predictions": …}</c> for a
/// row-format request, <c>{"outputs": …}</c> for a columnar one, in rapidjson's pretty layout.
/// </summary>
/// <remarks>
/// Every check runs before the first byte is written, so on error the output is untouched. Values: floats
/// and doubles by <see cref="TfFloatFormat"/> (half and bfloat16 as float), integers as JSON numbers (int64
/// too), bools as <c>true</c>/<c>false</c>, strings as JSON strings (bytes that are not valid UTF-8 escaped,
/// see <see cref="RapidJsonPrettyWriter"/>) or <c>{"b64": "…"}</c> when the alias ends with <c>_bytes</c>.
/// Layout as TF Serving: in rows each prediction is on one line and the closing <c>]</c> of
/// <c>predictions</c> on its own; columnar output puts every array element on its own line.
/// </remarks>
internal static class PredictJsonWriter
{
    private const string BytesSuffix = "_bytes";

    /// <param name="output">Receives the UTF-8 response body.</param>
    /// <param name="outputs">Alias → tensor, in the order to print (TF Serving's map is sorted by alias).</param>
    /// <param name="rowFormat">True when the request used <c>instances</c>.</param>
    /// <exception cref="ServingException">INVALID_ARGUMENT with TF Serving's text.</exception>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<KeyValuePair<string, Tensor>> outputs, bool rowFormat)
    {
        if (outputs.Count == 0)
        {
            throw ServingException.InvalidArgument("Cannot convert empty tensor map to JSON");
        }

        var batch = rowFormat ? BatchSize(outputs) : 0;
        foreach (var (_, tensor) in outputs)
        {
            if (!DataTypes.IsSupported(tensor.DataType) && tensor.Shape.ElementCount > 0)
            {
                throw ServingException.InvalidArgument($"Failed to write JSON value for tensor type: {DataTypes.ShortName(tensor.DataType)}");
            }
        }

        Span<int> levels = stackalloc int[32];
        var writer = new RapidJsonPrettyWriter(output, levels, escapeInvalidUtf8: true);
        try
        {
            if (rowFormat)
            {
                WriteRows(ref writer, outputs, batch);
            }
            else
            {
                WriteColumns(ref writer, outputs);
            }

            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Every output needs a dimension 0, the same for all.</summary>
    private static long BatchSize(IReadOnlyList<KeyValuePair<string, Tensor>> outputs)
    {
        long batch = -1;
        foreach (var (alias, tensor) in outputs)
        {
            if (tensor.Shape.Rank == 0)
            {
                throw ServingException.InvalidArgument($"Tensor name: {alias} has no shape information ");
            }

            var size = tensor.Shape[0];
            if (batch >= 0 && size != batch)
            {
                throw ServingException.InvalidArgument($"Tensor name: {alias} has inconsistent batch size: {size} expecting: {batch}");
            }

            batch = size;
        }

        return batch;
    }

    private static void WriteRows(ref RapidJsonPrettyWriter writer, IReadOnlyList<KeyValuePair<string, Tensor>> outputs, long batch)
    {
        writer.StartObject();
        writer.Key("predictions"u8);
        writer.StartArray();
        var named = outputs.Count > 1;
        for (long row = 0; row < batch; row++)
        {
            // As in TF Serving, an object row opens before single-line mode is set, so it starts on a new line.
            if (named)
            {
                writer.StartObject();
            }

            writer.SingleLineArrays = true;
            for (var i = 0; i < outputs.Count; i++)
            {
                // Indexing, not foreach: an interface enumerator would allocate once per row.
                var (alias, tensor) = outputs[i];
                if (named)
                {
                    writer.Key(alias);
                }

                var dims = tensor.Shape.Dims[1..];
                WriteValue(ref writer, tensor, IsBytes(alias, tensor), dims, row * JsonTensorReader.ElementCount(dims));
            }

            writer.SingleLineArrays = false;
            if (named)
            {
                writer.EndObject();
            }
        }

        writer.EndArray();
        writer.EndObject();
    }

    private static void WriteColumns(ref RapidJsonPrettyWriter writer, IReadOnlyList<KeyValuePair<string, Tensor>> outputs)
    {
        writer.StartObject();
        writer.Key("outputs"u8);
        var named = outputs.Count > 1;
        if (named)
        {
            writer.StartObject();
        }

        foreach (var (alias, tensor) in outputs)
        {
            if (named)
            {
                writer.Key(alias);
            }

            WriteValue(ref writer, tensor, IsBytes(alias, tensor), tensor.Shape.Dims, 0);
        }

        if (named)
        {
            writer.EndObject();
        }

        writer.EndObject();
    }

    private static bool IsBytes(string alias, Tensor tensor) =>
        tensor.DataType == DataType.String && alias.EndsWith(BytesSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The sub-tensor of shape <paramref name="dims"/> starting at element <paramref name="offset"/>: a bare
    /// value for a scalar, else nested arrays, walked with a counter per level instead of recursion.
    /// </summary>
    private static void WriteValue(ref RapidJsonPrettyWriter writer, Tensor tensor, bool asBytes, ReadOnlySpan<long> dims, long offset)
    {
        var rank = dims.Length;
        if (rank == 0)
        {
            WriteElements(ref writer, tensor, asBytes, offset, 1);
            return;
        }

        Span<long> started = rank <= 64 ? stackalloc long[rank] : new long[rank];
        writer.StartArray();
        var depth = 0;
        started[0] = 0;
        while (depth >= 0)
        {
            if (depth == rank - 1)
            {
                WriteElements(ref writer, tensor, asBytes, offset, dims[depth]);
                offset += dims[depth];
                writer.EndArray();
                depth--;
            }
            else if (started[depth] < dims[depth])
            {
                started[depth]++;
                writer.StartArray();
                started[++depth] = 0;
            }
            else
            {
                writer.EndArray();
                depth--;
            }
        }
    }

    private static void WriteElements(ref RapidJsonPrettyWriter writer, Tensor tensor, bool asBytes, long offset, long count)
    {
        if (count == 0)
        {
            return;
        }

        var start = checked((int)offset);
        var end = checked((int)(offset + count));
        switch (tensor.DataType)
        {
            case DataType.Float:
                foreach (var v in tensor.AsSpan<float>()[start..end])
                {
                    writer.Float(v);
                }

                break;
            case DataType.Double:
                foreach (var v in tensor.AsSpan<double>()[start..end])
                {
                    writer.Double(v);
                }

                break;
            case DataType.Half:
                foreach (var v in tensor.AsSpan<Half>()[start..end])
                {
                    writer.Float((float)v);
                }

                break;
            case DataType.BFloat16:
                foreach (var v in tensor.AsSpan<ushort>()[start..end])
                {
                    writer.Float(BitConverter.UInt32BitsToSingle((uint)v << 16));
                }

                break;
            case DataType.Int8:
                foreach (var v in tensor.AsSpan<sbyte>()[start..end])
                {
                    writer.Int64(v);
                }

                break;
            case DataType.Int16:
                foreach (var v in tensor.AsSpan<short>()[start..end])
                {
                    writer.Int64(v);
                }

                break;
            case DataType.Int32:
                foreach (var v in tensor.AsSpan<int>()[start..end])
                {
                    writer.Int64(v);
                }

                break;
            case DataType.Int64:
                foreach (var v in tensor.AsSpan<long>()[start..end])
                {
                    writer.Int64(v);
                }

                break;
            case DataType.UInt8:
                foreach (var v in tensor.AsSpan<byte>()[start..end])
                {
                    writer.UInt64(v);
                }

                break;
            case DataType.UInt16:
                foreach (var v in tensor.AsSpan<ushort>()[start..end])
                {
                    writer.UInt64(v);
                }

                break;
            case DataType.UInt32:
                foreach (var v in tensor.AsSpan<uint>()[start..end])
                {
                    writer.UInt64(v);
                }

                break;
            case DataType.UInt64:
                foreach (var v in tensor.AsSpan<ulong>()[start..end])
                {
                    writer.UInt64(v);
                }

                break;
            case DataType.Bool:
                foreach (var v in tensor.AsSpan<byte>()[start..end])
                {
                    writer.Bool(v != 0);
                }

                break;
            case DataType.String:
                WriteStrings(ref writer, tensor.Strings, asBytes, start, end);
                break;
            default:
                throw ServingException.InvalidArgument($"Failed to write JSON value for tensor type: {DataTypes.ShortName(tensor.DataType)}");
        }
    }

    private static void WriteStrings(ref RapidJsonPrettyWriter writer, IReadOnlyList<byte[]> strings, bool asBytes, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (asBytes)
            {
                writer.StartObject();
                writer.Key("b64"u8);
                writer.Base64String(strings[i]);
                writer.EndObject();
            }
            else
            {
                writer.String(strings[i]);
            }
        }
    }
}
