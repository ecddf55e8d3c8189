using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Inference;
using SealServe.Core.Tensors;
using SealServe.Server.V2;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// <c>ModelInferRequest</c> → <see cref="InferenceRequest"/> and <see cref="InferenceResult"/> → <c>ModelInferResponse</c>.
/// Raw contents are read and written in place (an input tensor views the request message's bytes; a raw output wraps the
/// engine's memory, so the result must live until the response is sent). A response uses raw contents when the request
/// did, or when an output has no typed field (FP16, BF16); otherwise typed contents.
/// </summary>
internal static class InferProtoCodec
{
    public static InferenceRequest Read(ModelInferRequest message)
    {
        var raw = message.RawInputContents;
        if (raw.Count > 0 && raw.Count != message.Inputs.Count)
        {
            throw V2Errors.Request($"raw_input_contents has {raw.Count} entries for {message.Inputs.Count} inputs");
        }

        var request = new InferenceRequest
        {
            Id = message.Id.Length > 0 ? message.Id : null,
            SignatureName = message.Parameters.TryGetValue("signature_name", out var signature) ? StringParameter(signature, "signature_name") : string.Empty,
        };
        try
        {
            for (var i = 0; i < message.Inputs.Count; i++)
            {
                var input = message.Inputs[i];
                var type = V2DataTypes.Parse(input.Name, input.Datatype);
                var shape = V2Shapes.Read(input.Name, input.Shape.ToArray());
                if (raw.Count > 0 && input.Contents is not null)
                {
                    throw V2Errors.Tensor(input.Name, "has contents although the request sends raw_input_contents");
                }

                request.AddInput(input.Name, raw.Count > 0 ? RawTensors.Read(input.Name, type, shape, raw[i].Memory) : Typed(input.Name, type, shape, input.Contents));
            }

            foreach (var output in message.Outputs)
            {
                request.Outputs.Add(new RequestedOutput(output.Name, null));
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    /// <summary>True when the response should carry raw contents (see the type's remarks).</summary>
    public static bool WantsRaw(ModelInferRequest message) => message.RawInputContents.Count > 0;

    public static ModelInferResponse Write(InferenceResult result, string? id)
    {
        var response = new ModelInferResponse
        {
            ModelName = result.ModelName,
            ModelVersion = result.Version.ToString(CultureInfo.InvariantCulture),
            Id = id ?? string.Empty,
        };
        var raw = result.Outputs.Any(o => o.Binary || o.Tensor.DataType is DataType.Half or DataType.BFloat16);
        foreach (var (name, tensor, _) in result.Outputs)
        {
            var output = new ModelInferResponse.Types.InferOutputTensor { Name = name, Datatype = V2DataTypes.Name(tensor.DataType) };
            output.Shape.AddRange(tensor.Shape.Dims.ToArray());
            if (raw)
            {
                response.RawOutputContents.Add(tensor.IsString ? ByteString.CopyFrom(RawTensors.EncodeStrings(tensor)) : UnsafeByteOperations.UnsafeWrap(tensor.Data));
            }
            else
            {
                output.Contents = Contents(tensor);
            }

            response.Outputs.Add(output);
        }

        return response;
    }

    private static string StringParameter(InferParameter parameter, string key) =>
        parameter.ParameterChoiceCase == InferParameter.ParameterChoiceOneofCase.StringParam
            ? parameter.StringParam
            : throw V2Errors.Request($"parameter '{key}' must be a string");

    private static Tensor Typed(string name, DataType type, TensorShape shape, InferTensorContents? contents)
    {
        contents ??= new InferTensorContents();
        if (type == DataType.String)
        {
            Check(name, shape, contents.BytesContents.Count, "bytes_contents");
            return Tensor.CreateStrings(shape, contents.BytesContents.Select(b => b.ToByteArray()).ToArray());
        }

        var (count, field) = type switch
        {
            DataType.Bool => (contents.BoolContents.Count, "bool_contents"),
            DataType.Int8 or DataType.Int16 or DataType.Int32 => (contents.IntContents.Count, "int_contents"),
            DataType.Int64 => (contents.Int64Contents.Count, "int64_contents"),
            DataType.UInt8 or DataType.UInt16 or DataType.UInt32 => (contents.UintContents.Count, "uint_contents"),
            DataType.UInt64 => (contents.Uint64Contents.Count, "uint64_contents"),
            DataType.Float => (contents.Fp32Contents.Count, "fp32_contents"),
            DataType.Double => (contents.Fp64Contents.Count, "fp64_contents"),
            _ => throw V2Errors.Tensor(name, $"{V2DataTypes.Name(type)} has no typed contents field; send it in raw_input_contents"),
        };
        Check(name, shape, count, field);
        var tensor = Tensor.Allocate(type, shape);
        switch (type)
        {
            case DataType.Bool: Copy(contents.BoolContents, tensor.AsSpan<bool>(), v => v); break;
            case DataType.Int8: Copy(contents.IntContents, tensor.AsSpan<sbyte>(), v => (sbyte)v); break;
            case DataType.Int16: Copy(contents.IntContents, tensor.AsSpan<short>(), v => (short)v); break;
            case DataType.Int32: Copy(contents.IntContents, tensor.AsSpan<int>(), v => v); break;
            case DataType.Int64: Copy(contents.Int64Contents, tensor.AsSpan<long>(), v => v); break;
            case DataType.UInt8: Copy(contents.UintContents, tensor.AsSpan<byte>(), v => (byte)v); break;
            case DataType.UInt16: Copy(contents.UintContents, tensor.AsSpan<ushort>(), v => (ushort)v); break;
            case DataType.UInt32: Copy(contents.UintContents, tensor.AsSpan<uint>(), v => v); break;
            case DataType.UInt64: Copy(contents.Uint64Contents, tensor.AsSpan<ulong>(), v => v); break;
            case DataType.Float: Copy(contents.Fp32Contents, tensor.AsSpan<float>(), v => v); break;
            case DataType.Double: Copy(contents.Fp64Contents, tensor.AsSpan<double>(), v => v); break;
        }

        return tensor;
    }

    private static void Check(string name, TensorShape shape, int count, string field)
    {
        if (count != shape.ElementCount)
        {
            throw V2Errors.Tensor(name, $"shape {shape} has {shape.ElementCount} elements but {field} has {count} values");
        }
    }

    private static InferTensorContents Contents(Tensor tensor)
    {
        var contents = new InferTensorContents();
        switch (tensor.DataType)
        {
            case DataType.Bool: contents.BoolContents.AddRange(tensor.AsSpan<bool>().ToArray()); break;
            case DataType.Int8: contents.IntContents.AddRange(Widen<sbyte, int>(tensor.AsSpan<sbyte>(), v => v)); break;
            case DataType.Int16: contents.IntContents.AddRange(Widen<short, int>(tensor.AsSpan<short>(), v => v)); break;
            case DataType.Int32: contents.IntContents.AddRange(tensor.AsSpan<int>().ToArray()); break;
            case DataType.Int64: contents.Int64Contents.AddRange(tensor.AsSpan<long>().ToArray()); break;
            case DataType.UInt8: contents.UintContents.AddRange(Widen<byte, uint>(tensor.AsSpan<byte>(), v => v)); break;
            case DataType.UInt16: contents.UintContents.AddRange(Widen<ushort, uint>(tensor.AsSpan<ushort>(), v => v)); break;
            case DataType.UInt32: contents.UintContents.AddRange(tensor.AsSpan<uint>().ToArray()); break;
            case DataType.UInt64: contents.Uint64Contents.AddRange(tensor.AsSpan<ulong>().ToArray()); break;
            case DataType.Float: contents.Fp32Contents.AddRange(tensor.AsSpan<float>().ToArray()); break;
            case DataType.Double: contents.Fp64Contents.AddRange(tensor.AsSpan<double>().ToArray()); break;
            case DataType.String: contents.BytesContents.AddRange(tensor.Strings.Select(ByteString.CopyFrom)); break;
            default: throw new InvalidOperationException($"{tensor.DataType} has no typed contents field.");
        }

        return contents;
    }

    private static void Copy<TField, TElement>(RepeatedField<TField> values, Span<TElement> target, Func<TField, TElement> convert)
        where TElement : unmanaged
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = convert(values[i]);
        }
    }

    private static TField[] Widen<TElement, TField>(ReadOnlySpan<TElement> values, Func<TElement, TField> convert)
        where TElement : unmanaged
    {
        var widened = new TField[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            widened[i] = convert(values[i]);
        }

        return widened;
    }
}
