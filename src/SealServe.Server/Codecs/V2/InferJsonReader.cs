using System.Text.Json;
using SealServe.Core.Tensors;
using SealServe.Server.V2;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// The REST inference request body: the JSON request object, then, with the binary tensor data extension, the binary
/// data of the inputs that carry a <c>binary_data_size</c> parameter, in input order. <c>Inference-Header-Content-Length</c>
/// says where the JSON ends; without it the whole body is JSON. Binary fixed-size inputs view the body (no copy): the
/// body must outlive the request.
/// </summary>
internal static class InferJsonReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = TensorShape.MaxRank + 4 };

    public static InferenceRequest Read(ReadOnlyMemory<byte> body, long? headerLength)
    {
        if (headerLength is < 0 || headerLength > body.Length)
        {
            throw V2Errors.Request($"Inference-Header-Content-Length is {headerLength} but the body has {body.Length} bytes");
        }

        var jsonLength = (int)(headerLength ?? body.Length);
        var binary = body[jsonLength..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[..jsonLength], Options);
        }
        catch (JsonException e)
        {
            throw V2Errors.Request($"the JSON is malformed: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw V2Errors.Request("the body must be a JSON object");
            }

            var parameters = Parameters(root, "request");
            var request = new InferenceRequest
            {
                Id = OptionalString(root, "id", "request"),
                SignatureName = parameters is { } p ? OptionalString(p, "signature_name", "request parameter") ?? string.Empty : string.Empty,
                BinaryOutputs = parameters is { } q && OptionalBool(q, "binary_data_output", "request parameter") == true,
            };
            try
            {
                var consumed = ReadInputs(root, binary, body.Length, request);
                if (consumed != binary.Length)
                {
                    throw V2Errors.Request($"{binary.Length} bytes of binary data follow the JSON but the inputs' binary_data_size add up to {consumed}");
                }

                ReadOutputs(root, request);
                return request;
            }
            catch
            {
                request.Dispose();
                throw;
            }
        }
    }

    private static int ReadInputs(JsonElement root, ReadOnlyMemory<byte> binary, long bodyLength, InferenceRequest request)
    {
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            throw V2Errors.Request("'inputs' must be a non-empty array");
        }

        var offset = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            if (input.ValueKind != JsonValueKind.Object)
            {
                throw V2Errors.Request("each input must be an object");
            }

            var name = OptionalString(input, "name", "input") ?? throw V2Errors.Request("an input has no 'name'");
            var type = V2DataTypes.Parse(name, OptionalString(input, "datatype", $"input '{name}'") ?? throw V2Errors.Tensor(name, "no 'datatype'"));
            var shape = V2Shapes.Read(name, Shape(name, input));
            var size = Parameters(input, $"input '{name}'") is { } parameters ? OptionalInt64(parameters, "binary_data_size", $"input '{name}' parameter") : null;
            var hasData = input.TryGetProperty("data", out var data);
            Tensor tensor;
            if (size is { } binarySize)
            {
                if (hasData)
                {
                    throw V2Errors.Tensor(name, "has both 'data' and a binary_data_size parameter");
                }

                if (binarySize < 0 || binarySize > binary.Length - offset)
                {
                    throw V2Errors.Tensor(name, $"binary_data_size is {binarySize} but {binary.Length - offset} bytes of binary data remain");
                }

                tensor = RawTensors.Read(name, type, shape, binary.Slice(offset, (int)binarySize));
                offset += (int)binarySize;
            }
            else
            {
                tensor = hasData ? JsonTensorData.Read(name, type, shape, data, bodyLength) : throw V2Errors.Tensor(name, "has neither 'data' nor a binary_data_size parameter");
            }

            request.AddInput(name, tensor);
        }

        return offset;
    }

    private static void ReadOutputs(JsonElement root, InferenceRequest request)
    {
        if (!root.TryGetProperty("outputs", out var outputs))
        {
            return;
        }

        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw V2Errors.Request("'outputs' must be an array");
        }

        foreach (var output in outputs.EnumerateArray())
        {
            var name = output.ValueKind == JsonValueKind.Object ? OptionalString(output, "name", "output") : null;
            if (name is null)
            {
                throw V2Errors.Request("each requested output must be an object with a 'name'");
            }

            var binary = Parameters(output, $"output '{name}'") is { } parameters ? OptionalBool(parameters, "binary_data", $"output '{name}' parameter") : null;
            request.Outputs.Add(new RequestedOutput(name, binary));
        }
    }

    private static long[] Shape(string name, JsonElement input)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
        {
            throw V2Errors.Tensor(name, "'shape' must be an array of integers");
        }

        var dims = new long[Math.Min(shape.GetArrayLength(), TensorShape.MaxRank + 1)];
        var i = 0;
        foreach (var dim in shape.EnumerateArray())
        {
            if (i == dims.Length)
            {
                break;
            }

            dims[i++] = dim.ValueKind == JsonValueKind.Number && dim.TryGetInt64(out var size) ? size : throw V2Errors.Tensor(name, $"shape dimension {dim.GetRawText()} is not an integer");
        }

        return dims;
    }

    private static JsonElement? Parameters(JsonElement owner, string what)
    {
        if (!owner.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return parameters.ValueKind == JsonValueKind.Object ? parameters : throw V2Errors.Request($"the {what}'s 'parameters' must be an object");
    }

    private static string? OptionalString(JsonElement owner, string key, string what) =>
        !owner.TryGetProperty(key, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw V2Errors.Request($"{what} '{key}' must be a string");

    private static bool? OptionalBool(JsonElement owner, string key, string what) =>
        !owner.TryGetProperty(key, out var value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw V2Errors.Request($"{what} '{key}' must be true or false");

    private static long? OptionalInt64(JsonElement owner, string key, string what) =>
        !owner.TryGetProperty(key, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : throw V2Errors.Request($"{what} '{key}' must be an integer");
}
