using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using Inference;
using SealServe.TestKit;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.V2;

/// <summary>
/// One loaded version, both APIs: every corpus ONNX model's <c>test_data_set_*</c> through v2 REST (JSON, flat and
/// nested, and binary), v2 gRPC (raw and typed contents) and TF Serving's gRPC Predict (<c>tensor_content</c>) gives the
/// same outputs, element for element, and they match the reference.
/// </summary>
public sealed class V2CorpusTests(CorpusOnnxTests.ServerFixture fixture) : IClassFixture<CorpusOnnxTests.ServerFixture>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "mlp_tabular", "squeezenet1_1", "mobilenet_v3_small" })
        {
            foreach (var transport in new[] { "rest-json", "rest-json-nested", "rest-binary", "grpc-raw", "grpc-typed" })
            {
                data.Add(model, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Infer_EveryDataSet_SameAsTfServingPredictAndReference(string model, string transport)
    {
        var server = await fixture.GetAsync();
        var dataSets = OnnxReference.DataSets(Corpus.Require($"onnx/{model}")).ToArray();
        Assert.NotEmpty(dataSets);

        foreach (var (folder, inputs, expected) in dataSets)
        {
            var input = Assert.Single(inputs);
            var tfServing = await PredictAsync(server, model, input);
            var v2 = transport.StartsWith("rest", StringComparison.Ordinal)
                ? await InferRestAsync(server, model, input, transport)
                : await InferGrpcAsync(server, model, input, raw: transport == "grpc-raw");

            foreach (var reference in expected)
            {
                var (values, shape) = v2[reference.Name];
                Assert.Equal(reference.Shape, shape);
                Assert.Equal(tfServing[reference.Name], values);
                var wanted = reference.Floats?.Select(f => (double)f).ToArray() ?? reference.Longs!.Select(l => (double)l).ToArray();
                var worst = wanted.Select((w, i) => Math.Abs(w - values[i])).Max();
                Assert.True(worst <= Tolerance, $"{folder} {reference.Name} via {transport}: max abs diff {worst}");
            }
        }
    }

    private static async Task<Dictionary<string, double[]>> PredictAsync(TestServer server, string model, OnnxReference input)
    {
        var proto = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto(), TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(input.Floats.AsSpan())) };
        proto.TensorShape.Dim.AddRange(input.Shape.Select(d => new Tensorflow.TensorShapeProto.Types.Dim { Size = d }));
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model } };
        request.Inputs[input.Name] = proto;
        var response = await server.Prediction.PredictAsync(request);
        return response.Outputs.ToDictionary(o => o.Key, o => o.Value.FloatVal.Count > 0 ? o.Value.FloatVal.Select(v => (double)v).ToArray() : o.Value.Int64Val.Select(v => (double)v).ToArray());
    }

    private static async Task<Dictionary<string, (double[], long[])>> InferRestAsync(TestServer server, string model, OnnxReference input, string transport)
    {
        var shape = string.Join(",", input.Shape);
        JsonElement json;
        if (transport == "rest-binary")
        {
            var bytes = MemoryMarshal.AsBytes(input.Floats.AsSpan()).ToArray();
            var header = $$$"""{"inputs": [{"name": "{{{input.Name}}}", "shape": [{{{shape}}}], "datatype": "FP32", "parameters": {"binary_data_size": {{{bytes.Length}}}}}], "parameters": {"binary_data_output": true}}""";
            var (status, response, binary) = await V2Http.InferBinaryAsync(server.Http, $"/v2/models/{model}/infer", header, bytes);
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            var offset = 0;
            var result = new Dictionary<string, (double[], long[])>();
            foreach (var output in response.GetProperty("outputs").EnumerateArray())
            {
                var size = output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
                var slice = binary.AsSpan(offset, size);
                offset += size;
                var values = output.GetProperty("datatype").GetString() == "FP32"
                    ? MemoryMarshal.Cast<byte, float>(slice).ToArray().Select(v => (double)v).ToArray()
                    : MemoryMarshal.Cast<byte, long>(slice).ToArray().Select(v => (double)v).ToArray();
                result[output.GetProperty("name").GetString()!] = (values, V2Http.Shape(output));
            }

            Assert.Equal(binary.Length, offset);
            return result;
        }

        var data = transport == "rest-json-nested"
            ? JsonTensors.Nested(input.Floats!, input.Shape, f => f.ToString("R", CultureInfo.InvariantCulture))
            : "[" + string.Join(",", input.Floats!.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var (jsonStatus, body) = await V2Http.InferAsync(server.Http, model, $$"""{"inputs": [{"name": "{{input.Name}}", "shape": [{{shape}}], "datatype": "FP32", "data": {{data}}}]}""");
        Assert.True(jsonStatus == System.Net.HttpStatusCode.OK, body.ToString());
        json = body;
        return json.GetProperty("outputs").EnumerateArray().ToDictionary(
            o => o.GetProperty("name").GetString()!,
            o => (o.GetProperty("datatype").GetString() == "FP32" ? o.GetProperty("data").EnumerateArray().Select(v => (double)v.GetSingle()).ToArray() : V2Http.Numbers(o), V2Http.Shape(o)));
    }

    private static async Task<Dictionary<string, (double[], long[])>> InferGrpcAsync(TestServer server, string model, OnnxReference input, bool raw)
    {
        var tensor = V2GrpcTests.Input(input.Name, "FP32", input.Shape);
        var request = new ModelInferRequest { ModelName = model, Inputs = { tensor } };
        if (raw)
        {
            request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(input.Floats.AsSpan())));
        }
        else
        {
            tensor.Contents = new InferTensorContents { Fp32Contents = { input.Floats! } };
        }

        var response = await server.Inference.ModelInferAsync(request);
        Assert.Equal(raw ? response.Outputs.Count : 0, response.RawOutputContents.Count);
        return response.Outputs.Select((o, i) => (o, i)).ToDictionary(
            p => p.o.Name,
            p =>
            {
                var (o, i) = p;
                double[] values = raw
                    ? o.Datatype == "FP32" ? MemoryMarshal.Cast<byte, float>(response.RawOutputContents[i].Span).ToArray().Select(v => (double)v).ToArray() : MemoryMarshal.Cast<byte, long>(response.RawOutputContents[i].Span).ToArray().Select(v => (double)v).ToArray()
                    : o.Datatype == "FP32" ? o.Contents.Fp32Contents.Select(v => (double)v).ToArray() : o.Contents.Int64Contents.Select(v => (double)v).ToArray();
                return (values, o.Shape.ToArray());
            });
    }
}
