using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SealServe.Models.Config;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests;

/// <summary>
/// Serves the corpus's torch.onnx exports and checks every output of every <c>test_data_set_*</c>
/// against the reference (floats within 1e-4, integers exactly) through REST (row and columnar
/// formats) and gRPC (typed fields and tensor_content).
/// </summary>
public sealed class CorpusOnnxTests(CorpusOnnxTests.ServerFixture fixture) : IClassFixture<CorpusOnnxTests.ServerFixture>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "mlp_tabular", "squeezenet1_1", "mobilenet_v3_small" })
        {
            foreach (var transport in new[] { "rest-instances", "rest-inputs", "grpc-typed", "grpc-tensor-content" })
            {
                data.Add(model, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Predict_EveryDataSet_MatchesReference(string model, string transport)
    {
        var server = await fixture.GetAsync();
        var dataSets = OnnxReference.DataSets(Corpus.Require($"onnx/{model}")).ToArray();
        Assert.NotEmpty(dataSets);

        foreach (var (folder, inputs, expected) in dataSets)
        {
            var input = Assert.Single(inputs);
            var actual = transport.StartsWith("rest", StringComparison.Ordinal)
                ? await PredictRestAsync(server, model, input, rows: transport == "rest-instances", expected)
                : await PredictGrpcAsync(server, model, input, tensorContent: transport == "grpc-tensor-content");

            foreach (var reference in expected)
            {
                var (values, shape) = actual[reference.Name];
                Assert.True(reference.Shape.SequenceEqual(shape), $"{folder} {reference.Name}: shape [{string.Join(",", shape)}], expected [{string.Join(",", reference.Shape)}]");
                if (reference.Floats is { } floats)
                {
                    Assert.Equal(floats.Length, values.Count);
                    var worst = floats.Select((f, i) => Math.Abs(f - values[i])).Max();
                    Assert.True(worst <= Tolerance, $"{folder} {reference.Name} via {transport}: max abs diff {worst}");
                }
                else
                {
                    Assert.Equal(reference.Longs!.Select(v => (double)v), values);
                }
            }
        }
    }

    internal static async Task<Dictionary<string, (List<double>, List<long>)>> PredictRestAsync(TestServer server, string model, OnnxReference input, bool rows, OnnxReference[] expected)
    {
        var tensor = JsonTensors.Floats(input.Floats!, input.Shape);
        var body = rows ? $"{{\"instances\": {tensor}}}" : $"{{\"inputs\": {{\"{input.Name}\": {tensor}}}}}";
        using var response = await server.Http.PostAsync($"/v1/models/{model}:predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var result = new Dictionary<string, (List<double>, List<long>)>();
        if (!rows)
        {
            var outputs = json.RootElement.GetProperty("outputs");
            foreach (var reference in expected)
            {
                result[reference.Name] = JsonTensors.Flatten(expected.Length == 1 ? outputs : outputs.GetProperty(reference.Name));
            }

            return result;
        }

        // Row format: one entry per batch row; with several outputs each row is an object by alias.
        var predictions = json.RootElement.GetProperty("predictions");
        foreach (var reference in expected)
        {
            var values = new List<double>();
            var rowShape = new List<long>();
            foreach (var row in predictions.EnumerateArray())
            {
                (var rowValues, rowShape) = JsonTensors.Flatten(expected.Length == 1 ? row : row.GetProperty(reference.Name));
                values.AddRange(rowValues);
            }

            result[reference.Name] = (values, [predictions.GetArrayLength(), .. rowShape]);
        }

        return result;
    }

    internal static async Task<Dictionary<string, (List<double>, List<long>)>> PredictGrpcAsync(TestServer server, string model, OnnxReference input, bool tensorContent)
    {
        var proto = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto() };
        proto.TensorShape.Dim.AddRange(input.Shape.Select(d => new Tensorflow.TensorShapeProto.Types.Dim { Size = d }));
        if (tensorContent)
        {
            proto.TensorContent = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.Floats.AsSpan()));
        }
        else
        {
            proto.FloatVal.AddRange(input.Floats!);
        }

        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model } };
        request.Inputs[input.Name] = proto;
        var response = await server.Prediction.PredictAsync(request);

        Assert.Equal(model, response.ModelSpec.Name);
        Assert.Equal("serving_default", response.ModelSpec.SignatureName);
        return response.Outputs.ToDictionary(
            o => o.Key,
            o => (o.Value.FloatVal.Count > 0 ? o.Value.FloatVal.Select(v => (double)v).ToList() : o.Value.Int64Val.Select(v => (double)v).ToList(),
                  o.Value.TensorShape.Dim.Select(d => d.Size).ToList()));
    }

    /// <summary>One server for the class, serving every corpus ONNX model; started on first use so a missing corpus skips.</summary>
    public sealed class ServerFixture : IAsyncDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private readonly List<TempModelRepository> repositories = [];
        private TestServer? server;

        public async Task<TestServer> GetAsync()
        {
            var root = Corpus.Require("onnx");
            await gate.WaitAsync();
            try
            {
                return server ??= await TestServer.StartAsync(Directory.EnumerateDirectories(root).Select(LinkedModel).ToArray());
            }
            finally
            {
                gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            repositories.ForEach(r => r.Dispose());
        }

        /// <summary>The corpus keeps model.onnx without a version folder: serve it as version 1 through a link.</summary>
        internal static ModelConfig LinkedModel(string modelFolder, ICollection<TempModelRepository> repositories)
        {
            var repository = new TempModelRepository();
            repositories.Add(repository);
            repository.LinkVersion("1", modelFolder);
            return ModelConfig.Create(Path.GetFileName(modelFolder), repository.BasePath);
        }

        private ModelConfig LinkedModel(string modelFolder) => LinkedModel(modelFolder, repositories);
    }
}
