using System.Text.Json.Nodes;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.TestKit;
using Predicate = SealServe.TestKit.Tf1ControlFlowGraphs.Predicate;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Frozen TF1 graphs with control flow served over REST: a Keras-style tf.cond on the learning phase nobody feeds (folded to
/// the inference side), the same cond on a fed predicate (an ONNX If), TF1 while loops (ONNX Loops), over TensorArrays
/// too; a TensorArrayConcatV3 fails its load, named. Expected values: TensorFlow.js 4.22 (tools/tfjs-oracle) on the
/// same graphs, as in CondRewriterTests and WhileLoopRewriterTests; the cond's are also x * 2 + 1 (inference side) and
/// x − mean(x, axis 0) (training side).
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
            Frozen("tf1_accumulator", Tf1ControlFlowGraphs.AccumulatorLoop()),
            Frozen("tf1_rnn", Tf1ControlFlowGraphs.RnnLoop()),
            Frozen("tf1_tensor_arrays", Tf1ControlFlowGraphs.TensorArrayLoop()),
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

    /// <summary>Oracle: <c>--feed 'x=[[0.5,1,2],[-1,3,0]]' --feed 'n=3'</c> → y [[1.75,3,7],[1,13,1]] (1 + x + x²), count 3.</summary>
    [Fact]
    public async Task Predict_Tf1WhileLoopOverFedTensorAndCount_MatchesTensorFlow()
    {
        var outputs = await PredictAsync("tf1_accumulator", """{"inputs": {"x": [[0.5, 1, 2], [-1, 3, 0]], "n": 3}}""");

        Assert.Equal([[1.75, 3, 7], [1, 13, 1]], Rows(outputs["y"]!));
        Assert.Equal(3, (int)outputs["count"]!);
    }

    /// <summary>Oracle: <c>--feed 'xs=[[[1,2],[0.5,-1]],[[-1,0.25],[2,1]],[[0,1],[1,0]]]' --feed 'h0=[[0,0,0],[0.5,-0.5,1]]'</c>.</summary>
    [Fact]
    public async Task Predict_Tf1RnnLoop_MatchesTensorFlow()
    {
        var outputs = await PredictAsync("tf1_rnn", """{"inputs": {"xs": [[[1, 2], [0.5, -1]], [[-1, 0.25], [2, 1]], [[0, 1], [1, 0]]], "h0": [[0, 0, 0], [0.5, -0.5, 1]]}}""");

        double[][] expected = [[-0.33970779, 0.91548586, -0.79490805], [0.90626347, -0.80853456, 0.74407846]];
        Assert.All(expected.Zip(Rows(outputs["h"]!)), row => Assert.Equal(row.First, row.Second, (a, b) => Math.Abs(a - b) <= 1e-5));
    }

    /// <summary>Oracle: <c>--outputs y,ys --feed 'xs=[[1,2],[3,4],[5,6]]'</c> → y [9, 12], ys [[1,2],[4,6],[9,12]].</summary>
    [Fact]
    public async Task Predict_Tf1LoopOverTensorArrays_MatchesTensorFlow()
    {
        var outputs = await PredictAsync("tf1_tensor_arrays", """{"inputs": {"xs": [[1, 2], [3, 4], [5, 6]]}}""");

        Assert.Equal([9.0, 12], outputs["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([[1, 2], [4, 6], [9, 12]], Rows(outputs["ys"]!));
    }

    /// <summary>The initial load fails, so the server does not start; the error names the op it cannot run.</summary>
    [Fact]
    public async Task Load_Tf1TensorArrayConcat_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ServingException>(async () => await TestServer.StartAsync([Frozen("tf1_concat", Tf1ControlFlowGraphs.TensorArrayLoop(concat: true))]));

        Assert.Contains("did not become available", error.Message, StringComparison.Ordinal);
        Assert.Contains("TensorArrayConcatV3 ×1", error.Message, StringComparison.Ordinal);
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
