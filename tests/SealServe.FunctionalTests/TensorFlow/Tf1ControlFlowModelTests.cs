using System.Text.Json.Nodes;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.TestKit;
using Predicate = SealServe.TestKit.Tf1ControlFlowGraphs.Predicate;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Frozen TF1 graphs with control flow served over REST: a Keras-style tf.cond on the learning phase nobody feeds (folded to
/// the inference side), the same cond on a fed predicate (an ONNX If); a TF1 while loop's load fails naming its ops.
/// Expected values: TensorFlow.js 4.22 (tools/tfjs-oracle) on the same graphs, as in CondRewriterTests; they are also
/// x * 2 + 1 (inference side) and x − mean(x, axis 0) (training side).
/// </summary>
public sealed class Tf1ControlFlowModelTests : IAsyncLifetime
{
    private const string X = "[[1, 2, 3], [4, 5, 7]]";
    private static readonly double[][] Inference = [[3, 5, 7], [9, 11, 15]];
    private static readonly double[][] Training = [[-1.5, -1.5, -2], [1.5, 1.5, 2]];
    private readonly List<TempModelRepository> repositories = [];
    private TestServer server = null!;

    public async ValueTask InitializeAsync()
    {
        server = await TestServer.StartAsync(
        [
            Frozen("keras_cond", Tf1ControlFlowGraphs.KerasCond(Predicate.LearningPhaseDefault)),
            Frozen("fed_cond", Tf1ControlFlowGraphs.KerasCond(Predicate.Fed)),
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        repositories.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Predict_LearningPhaseNobodyFeeds_RunsTheInferenceSide()
    {
        var outputs = await PredictAsync("keras_cond", $$$"""{"inputs": {"x": {{{X}}}}}""");

        Assert.Equal(Inference, Rows(outputs["y"]!));
        Assert.Equal(0, (int)outputs["branch"]!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Predict_PredicateFedWithTheRequest_RunsTheSideItSelects(bool training)
    {
        var outputs = await PredictAsync("fed_cond", $$$"""{"inputs": {"x": {{{X}}}, "training": {{{(training ? "true" : "false")}}}}}""");

        Assert.Equal(training ? Training : Inference, Rows(outputs["y"]!));
        Assert.Equal(training ? 1 : 0, (int)outputs["branch"]!);
    }

    /// <summary>The initial load fails, so the server does not start; the error names every op it cannot run.</summary>
    [Fact]
    public async Task Load_Tf1WhileLoop_FailsNamingItsOps()
    {
        var error = await Assert.ThrowsAsync<ServingException>(async () => await TestServer.StartAsync([Frozen("tf1_loop", Tf1ControlFlowGraphs.WhileLoop())]));

        Assert.Contains("did not become available", error.Message, StringComparison.Ordinal);
        Assert.All(new[] { "Enter ×1", "Exit ×1", "LoopCond ×1", "NextIteration ×1", "TF1 tf.while_loop" }, op => Assert.Contains(op, error.Message, StringComparison.Ordinal));
    }

    private async Task<JsonObject> PredictAsync(string model, string request)
    {
        var body = await TfServingModelsTests.PostAsync(server, $"/v1/models/{model}:predict", request);
        return JsonNode.Parse(body)!["outputs"]!.AsObject();
    }

    private static double[][] Rows(JsonNode matrix) => [.. matrix.AsArray().Select(row => row!.AsArray().Select(v => (double)v!).ToArray())];

    private ModelConfig Frozen(string name, Tensorflow.GraphDef graph)
    {
        var repository = new TempModelRepository();
        repositories.Add(repository);
        repository.AddVersion("1", graph.ToByteArray(), "frozen.pb");
        return ModelConfig.Create(name, repository.BasePath);
    }
}
