using System.Text;
using SealServe.Models.Batching;
using SealServe.TestKit;
using Tensorflow.Serving;
using static SealServe.FunctionalTests.TensorFlow.ExampleRequests;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Batching;

/// <summary>Classify and Regress requests batched like predict: concurrent requests merge into one engine run and each gets its own answer.</summary>
public sealed class ExampleBatchingTests : IDisposable
{
    private readonly TempModelRepository repository = new();

    [Fact]
    public async Task ClassifyAndRegress_Concurrent_MergeAndEachGetsItsOwnValues()
    {
        repository.LinkVersion("00000123", Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123"));
        var counter = new BatchRunCounter();
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("default", repository.BasePath)],
            configureServices: counter.Register,
            configureModels: o => o.Batching = new BatchingOptions { MaxBatchSize = 32, BatchTimeoutMicros = 50_000, NumBatchThreads = 1, MaxEnqueuedBatches = 100 });

        var xs = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();
        var answers = await Task.WhenAll(xs.Select(async (x, i) => i % 2 == 0
            ? Assert.Single((await server.Prediction.ClassifyAsync(new ClassificationRequest { ModelSpec = Spec("default", "classify_x_to_y"), Input = Xs(x, x + 100) })).Result.Classifications[0].Classes).Score
            : await RegressAsync(server, x)));

        Assert.Equal(xs.Select(x => (0.5f * x) + 2), answers);
        Assert.True(counter.MergedRuns > 0, "no batch merged two requests or more");
    }

    public void Dispose() => repository.Dispose();

    private static async Task<float> RegressAsync(TestServer server, float x)
    {
        using var response = await server.Http.PostAsync("/v1/models/default:regress", new StringContent($$"""{"signature_name": "regress_x_to_y", "examples": [{"x": {{x:0.0}}}, {"x": 0.0}]}""", Encoding.UTF8));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (float)System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("results")[0].GetDouble();
    }
}
