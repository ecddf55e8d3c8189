using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using SealServe.Models.Batching;
using SealServe.TestKit;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.Batching;

/// <summary>
/// Every corpus ONNX model served twice, with batching off and on: many concurrent clients with mixed batch
/// sizes, over REST and gRPC, get from the batching server exactly the bytes the plain server returns.
/// </summary>
public sealed class BatchingCorpusTests(BatchingCorpusTests.ServerFixture fixture) : IClassFixture<BatchingCorpusTests.ServerFixture>
{
    private static readonly int[] BatchSizes = [1, 3, 2, 1, 4, 1, 2, 5, 1, 2, 3, 1];

    public static TheoryData<string> Models() => ["mlp_tabular", "squeezenet1_1", "mobilenet_v3_small"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Predict_ConcurrentMixedBatchSizes_IdenticalToUnbatched(string model)
    {
        var (plain, batching, counter) = await fixture.GetAsync();
        var (_, inputs, _) = OnnxReference.DataSets(Corpus.Require($"onnx/{model}")).First();
        var input = Assert.Single(inputs);
        var random = new Random(model.Length);
        var requests = BatchSizes.Select((rows, i) => Request(input, rows, random, rest: i % 2 == 1)).ToArray();

        var expected = new List<string>();
        foreach (var request in requests)
        {
            expected.Add(await PredictAsync(plain, model, request));
        }

        var merged = counter.MergedRuns;
        for (var round = 0; round < 3; round++)
        {
            var actual = await Task.WhenAll(requests.Select(r => PredictAsync(batching, model, r)));
            for (var i = 0; i < requests.Length; i++)
            {
                Assert.True(expected[i] == actual[i], $"{model} request {i} ({requests[i].Rows} rows, round {round}) differs from the unbatched answer");
            }
        }

        Assert.True(counter.MergedRuns > merged, $"{model}: no batch merged two requests or more");
    }

    private static BatchRequest Request(OnnxReference input, int rows, Random random, bool rest)
    {
        var shape = input.Shape.ToArray();
        shape[0] = rows;
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return new BatchRequest(input.Name, shape, values, rest);
    }

    /// <summary>The response as comparable text: the REST body, or the gRPC outputs in protobuf's JSON.</summary>
    private static async Task<string> PredictAsync(TestServer server, string model, BatchRequest request)
    {
        if (request.Rest)
        {
            var body = $"{{\"inputs\": {{\"{request.Name}\": {JsonTensors.Floats(request.Values, request.Shape)}}}}}";
            using var response = await server.Http.PostAsync($"/v1/models/{model}:predict", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return text;
        }

        var proto = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtFloat,
            TensorShape = new Tensorflow.TensorShapeProto(),
            TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(request.Values.AsSpan())),
        };
        proto.TensorShape.Dim.AddRange(request.Shape.Select(d => new Tensorflow.TensorShapeProto.Types.Dim { Size = d }));
        var grpc = new PredictRequest { ModelSpec = new ModelSpec { Name = model } };
        grpc.Inputs[request.Name] = proto;
        var reply = await server.Prediction.PredictAsync(grpc);
        return string.Join("\n", reply.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={Convert.ToBase64String(o.Value.ToByteArray())}"));
    }

    private sealed record BatchRequest(string Name, long[] Shape, float[] Values, bool Rest)
    {
        public long Rows => Shape[0];
    }

    /// <summary>Both servers for the class, over every corpus model (linked as version 1); started on first use so a missing corpus skips.</summary>
    public sealed class ServerFixture : IAsyncDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private readonly List<TempModelRepository> repositories = [];
        private readonly BatchRunCounter counter = new();
        private TestServer? plain;
        private TestServer? batching;

        public async Task<(TestServer Plain, TestServer Batching, BatchRunCounter Counter)> GetAsync()
        {
            var root = Corpus.Require("onnx");
            await gate.WaitAsync();
            try
            {
                if (plain is null || batching is null)
                {
                    var models = Directory.EnumerateDirectories(root).Select(m => CorpusOnnxTests.ServerFixture.LinkedModel(m, repositories)).ToArray();
                    plain = await TestServer.StartAsync(models);

                    // Some milliseconds of timeout so concurrent requests meet in a batch; two threads so batches also run side by side.
                    // No merge probe: the image models, which gain nothing from batches on a CPU, would run their requests alone,
                    // and this test is about merged runs.
                    batching = await TestServer.StartAsync(
                        models,
                        configureServices: counter.Register,
                        configureModels: o => o.Batching = new BatchingOptions { MaxBatchSize = 12, BatchTimeoutMicros = 20_000, NumBatchThreads = 2, MaxEnqueuedBatches = 100, MergeProbe = false });
                }

                return (plain, batching, counter);
            }
            finally
            {
                gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var server in new[] { plain, batching })
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }

            repositories.ForEach(r => r.Dispose());
        }
    }
}
