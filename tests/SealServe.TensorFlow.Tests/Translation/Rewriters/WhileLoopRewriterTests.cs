using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.Translation.Rewriters;

/// <summary>
/// TF1 tf.while_loop frames (Enter/Merge/Switch/LoopCond/NextIteration/Exit) translated to ONNX Loops. Expected values are
/// TensorFlow's: TensorFlow.js 4.22 (tools/tfjs-oracle, whose graph executor runs TF1 frames) on each graph written as
/// frozen.pb, run as <c>node oracle.js DIR --outputs OUTPUTS --feed NAME=JSON...</c> with the feeds below; the oracle's
/// values are what the loops compute by hand (1 + x + x², the doubling, ((x + x)·x + x)·x, 10·x) and, for the RNN, what a
/// plain-Python recomputation of tanh(x_t·W + h·U) gives (to 3e-8).
/// </summary>
public sealed class WhileLoopRewriterTests
{
    private static readonly float[] X = [0.5f, 1, 2, -1, 3, 0];

    /// <summary>Oracle: <c>--feed 'x=3'</c> → y 10; <c>--feed 'x=12'</c> → 12 (the cond is false at once: zero iterations).</summary>
    [Theory]
    [InlineData(3, 10)]
    [InlineData(12, 12)]
    public void Translate_CounterLoop_IsAnOnnxLoopCountingToTen(int x, int expected)
    {
        var model = Translate(Tf1ControlFlowGraphs.WhileLoop(), ["y:0"], new GraphInput("x:0", DataType.Int32, ShapeSpec.Of()));

        Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "Enter" or "Merge" or "Switch");
        Assert.Equal([expected], OnnxRun.Run(model, [OnnxRun.Feed("x:0", [x])])["y:0"].As<int>());
    }

    /// <summary>Oracle: <c>--feed 'x=[[0.5,1,2],[-1,3,0]]' --feed 'n=3'</c> → y [[1.75,3,7],[1,13,1]], count 3; n=0 → zeros, 0.</summary>
    [Theory]
    [InlineData(3, new[] { 1.75f, 3, 7, 1, 13, 1 })]
    [InlineData(0, new[] { 0f, 0, 0, 0, 0, 0 })]
    public void Translate_AccumulatorOverFedTensorAndCount_MatchesTensorFlow(int n, float[] expected)
    {
        var model = Translate(Tf1ControlFlowGraphs.AccumulatorLoop(), ["y:0", "count:0"], new GraphInput("x:0", DataType.Float, ShapeSpec.Of(-1, 3)), new GraphInput("n:0", DataType.Int32, ShapeSpec.Of()));

        var results = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3), OnnxRun.Feed("n:0", [n])]);

        Assert.Equal(expected, results["y:0"].As<float>());
        Assert.Equal([n], results["count:0"].As<int>());
    }

    /// <summary>
    /// Oracle: <c>--feed 'xs=[[[1,2],[0.5,-1]],[[-1,0.25],[2,1]],[[0,1],[1,0]]]' --feed 'h0=[[0,0,0],[0.5,-0.5,1]]'</c>.
    /// The weights and xs are loop invariants: the Loop carries only the counter and h.
    /// </summary>
    [Fact]
    public void Translate_RnnStepOverTimeWithInvariantWeights_MatchesTensorFlow()
    {
        var model = Translate(Tf1ControlFlowGraphs.RnnLoop(), ["h:0"], new GraphInput("xs:0", DataType.Float, ShapeSpec.Of(-1, -1, 2)), new GraphInput("h0:0", DataType.Float, ShapeSpec.Of(-1, 3)));

        var loop = Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.Equal(2 + 2, loop.Input.Count); // trip count, cond, counter, h
        float[] xs = [1, 2, 0.5f, -1, -1, 0.25f, 2, 1, 0, 1, 1, 0];
        var h = OnnxRun.Run(model, [OnnxRun.Feed("xs:0", xs, 3, 2, 2), OnnxRun.Feed("h0:0", [0, 0, 0, 0.5f, -0.5f, 1], 2, 3)])["h:0"].As<float>();

        float[] expected = [-0.33970779f, 0.91548586f, -0.79490805f, 0.90626347f, -0.80853456f, 0.74407846f];
        Assert.Equal(expected, h, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    /// <summary>Oracle: <c>--feed 'x=[1,3]' --feed 'm=3'</c> → [8, 24] (the limit stops it); m=10 → [64, 192] (the cond does).</summary>
    [Theory]
    [InlineData(3, new[] { 8f, 24 })]
    [InlineData(10, new[] { 64f, 192 })]
    public void Translate_MaximumIterations_StopsAtTheLimitOrTheCondition(int m, float[] expected)
    {
        var model = Translate(Tf1ControlFlowGraphs.MaximumIterationsLoop(), ["y:0"], new GraphInput("x:0", DataType.Float, ShapeSpec.Of(-1)), new GraphInput("m:0", DataType.Int32, ShapeSpec.Of()));

        Assert.Equal(expected, OnnxRun.Run(model, [OnnxRun.Feed("x:0", [1f, 3], 2), OnnxRun.Feed("m:0", [m])])["y:0"].As<float>());
    }

    /// <summary>Oracle: <c>--feed 'x=[1,2,-3]'</c> → [3, 20, -45]. The body's tf.cond becomes an If inside the Loop's body.</summary>
    [Fact]
    public void Translate_CondInsideTheLoopBody_IsAnIfInTheLoop()
    {
        var model = Translate(Tf1ControlFlowGraphs.CondInLoop(), ["y:0"], new GraphInput("x:0", DataType.Float, ShapeSpec.Of(-1)));

        var loop = Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.Contains(loop.Attribute.Single().G.Node, n => n.OpType == "If");
        Assert.Equal([3f, 20, -45], OnnxRun.Run(model, [OnnxRun.Feed("x:0", [1f, 2, -3], 3)])["y:0"].As<float>());
    }

    /// <summary>
    /// The inner frame becomes a Loop inside the outer Loop's body. Expected by hand from tf.while_loop's semantics (the inner
    /// loop adds x i + 2 times per outer iteration i: 2 + 3 + 4 = 9 additions to x, so 10·x): TensorFlow.js cannot run this
    /// graph (<c>--feed 'x=[1,-2]'</c> fails with "Cannot compute the outputs [y] from the provided inputs [x]").
    /// </summary>
    [Fact]
    public void Translate_LoopInsideALoop_IsALoopInTheLoop()
    {
        var model = Translate(Tf1ControlFlowGraphs.NestedLoop(), ["y:0"], new GraphInput("x:0", DataType.Float, ShapeSpec.Of(-1)));

        var outer = Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.Contains(outer.Attribute.Single().G.Node, n => n.OpType == "Loop");
        Assert.Equal([10f, -20], OnnxRun.Run(model, [OnnxRun.Feed("x:0", [1f, -2], 2)])["y:0"].As<float>());
    }

    [Fact]
    public void FindUnsupportedOps_Tf1Loops_AreSupported()
    {
        Assert.Empty(GraphTranslator.FindUnsupportedOps(Tf1ControlFlowGraphs.WhileLoop(), ["x:0"], ["y:0"]));
        Assert.Empty(GraphTranslator.FindUnsupportedOps(Tf1ControlFlowGraphs.RnnLoop(), ["xs:0", "h0:0"], ["h:0"]));
        Assert.Contains("Enter", GraphTranslator.SupportedOps);
    }

    /// <summary>
    /// TensorArrays as dynamic_rnn uses them (unstack, read and write at the counter, stack) become TensorLists: the input
    /// array is xs read with Gather, the output array the Loop's scan output. Oracle: <c>--outputs y,ys --feed
    /// 'xs=[[1,2],[3,4],[5,6]]'</c> → y [9, 12], ys [[1,2],[4,6],[9,12]].
    /// </summary>
    [Fact]
    public void Translate_LoopOverTensorArrays_ReadsAndCollectsLikeTensorFlow()
    {
        var model = Translate(Tf1ControlFlowGraphs.TensorArrayLoop(), ["y:0", "ys:0"], new GraphInput("xs:0", DataType.Float, ShapeSpec.Of(-1, 2)));

        var loop = Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.Equal(3, loop.Output.Count); // counter, sum, the written array as a scan output
        var results = OnnxRun.Run(model, [OnnxRun.Feed("xs:0", [1f, 2, 3, 4, 5, 6], 3, 2)]);
        Assert.Equal([9f, 12], results["y:0"].As<float>());
        Assert.Equal([1f, 2, 4, 6, 9, 12], results["ys:0"].As<float>());
        Assert.Equal([3, 2], results["ys:0"].Shape);
    }

    /// <summary>TensorArrayConcatV3 is not translated: the load names it (TensorFlow.js gives ys [1,2,4,6,9,12] here).</summary>
    [Fact]
    public void Plan_TensorArrayConcat_FailsNamingIt()
    {
        var request = new TranslationRequest(Tf1ControlFlowGraphs.TensorArrayLoop(concat: true), [new GraphInput("xs:0", DataType.Float, ShapeSpec.Of(-1, 2))], ["y:0", "ys:0"], new ZeroVariables(), "loop");

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Plan(request));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Contains("TensorArrayConcatV3 ×1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LoopWhoseMergeHasNoNextIteration_FailsNamingTheFrame()
    {
        var graph = Tf1ControlFlowGraphs.WhileLoop();
        graph.Node.Single(n => n.Name == "while/Merge").Input[1] = "x";
        var request = new TranslationRequest(graph, [new GraphInput("x:0", DataType.Int32, ShapeSpec.Of())], ["y:0"], new ZeroVariables(), "loop");

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Plan(request));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Contains("frame 'while/while_context'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'while/Merge' is not Merge(Enter, NextIteration)", error.Message, StringComparison.Ordinal);
    }

    private static global::Onnx.ModelProto Translate(Tensorflow.GraphDef graph, string[] outputs, params GraphInput[] inputs) =>
        GraphTranslator.Translate(new TranslationRequest(graph, inputs, outputs, new ZeroVariables(), "loop"));
}
