using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;
using Predicate = SealServe.TestKit.Tf1ControlFlowGraphs.Predicate;

namespace SealServe.TensorFlow.Tests.Translation.Rewriters;

/// <summary>
/// TF1 tf.cond (Switch/Merge) folded at import or made an ONNX If (TF1 while loops: WhileLoopRewriterTests).
/// Expected values are TensorFlow's: TensorFlow.js 4.22 (tools/tfjs-oracle, which runs Switch/Merge with dead tensors)
/// on these graphs written as frozen.pb, run as <c>node oracle.js DIR --outputs y --feed 'x=[[1,2,3],[4,5,7]]'</c>
/// (<c>--feed training=true|false</c> for the fed predicate), gave exactly <see cref="Inference"/> and <see cref="Training"/>,
/// which are also what the ops define. TensorFlow.js cannot return a Merge's value_index; it is checked from Merge's definition
/// (the index of the input that was live: 0 for the false side, 1 for the true side).
/// </summary>
public sealed class CondRewriterTests
{
    private static readonly float[] X = [1, 2, 3, 4, 5, 7];
    private static readonly float[] Inference = [3, 5, 7, 9, 11, 15]; // x * 2 + 1
    private static readonly float[] Training = [-1.5f, -1.5f, -2, 1.5f, 1.5f, 2]; // x - mean(x, axis 0)
    private static readonly GraphInput XInput = new("x:0", DataType.Float, ShapeSpec.Of(-1, 3));

    [Fact]
    public void Translate_LearningPhaseNobodyFeeds_FoldsToTheInferenceSideAlone()
    {
        var model = Translate(Tf1ControlFlowGraphs.KerasCond(Predicate.LearningPhaseDefault), XInput);

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "If" or "ReduceMean" or "Sub");
        var results = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3)]);
        Assert.Equal(Inference, results["y:0"].As<float>());
        Assert.Equal([0], results["branch:0"].As<int>());
    }

    [Fact]
    public void Translate_ConstantTruePredicate_FoldsToTheTrueSide()
    {
        var model = Translate(Tf1ControlFlowGraphs.KerasCond(Predicate.ConstantTrue), XInput);

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "If" or "Mul");
        var results = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3)]);
        Assert.Equal(Training, results["y:0"].As<float>());
        Assert.Equal([1], results["branch:0"].As<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Translate_PredicateFedAtRunTime_IsAnOnnxIfRunningTheSideItSelects(bool training)
    {
        var model = Translate(Tf1ControlFlowGraphs.KerasCond(Predicate.Fed), XInput, new GraphInput("training:0", DataType.Bool, ShapeSpec.Of()));

        var branches = Assert.Single(model.Graph.Node, n => n.OpType == "If").Attribute.Select(a => a.G).ToArray();
        Assert.Contains(branches, g => g.Node.Any(n => n.OpType == "ReduceMean"));
        Assert.Contains(branches, g => g.Node.Any(n => n.OpType == "Mul"));
        var results = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3), OnnxRun.Feed("training:0", [training])]);
        Assert.Equal(training ? Training : Inference, results["y:0"].As<float>());
        Assert.Equal([training ? 1 : 0], results["branch:0"].As<int>());
    }

    [Fact]
    public void Translate_LearningPhaseFedAsAnInput_IsAnIfNotFolded()
    {
        var learningPhase = new GraphInput("keras_learning_phase:0", DataType.Bool, ShapeSpec.Of());
        var model = Translate(Tf1ControlFlowGraphs.KerasCond(Predicate.LearningPhaseDefault), XInput, learningPhase);

        Assert.Single(model.Graph.Node, n => n.OpType == "If");
        var results = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3), OnnxRun.Feed("keras_learning_phase:0", [true])]);
        Assert.Equal(Training, results["y:0"].As<float>());
    }

    /// <summary>Expected values from the ops' definitions: -x, x, or x * 2.</summary>
    [Theory]
    [InlineData(true, true, new[] { -1f, -2, -3, -4, -5, -7 })]
    [InlineData(true, false, new[] { 1f, 2, 3, 4, 5, 7 })]
    [InlineData(false, true, new[] { 2f, 4, 6, 8, 10, 14 })]
    public void Translate_NestedCondsOnFedPredicates_AreNestedIfs(bool training, bool negate, float[] expected)
    {
        GraphInput[] inputs = [XInput, new("training:0", DataType.Bool, ShapeSpec.Of()), new("negate:0", DataType.Bool, ShapeSpec.Of())];
        var model = GraphTranslator.Translate(new TranslationRequest(Tf1ControlFlowGraphs.NestedCond(), inputs, ["y:0"], new ZeroVariables(), "nested"));

        var outer = Assert.Single(model.Graph.Node, n => n.OpType == "If");
        Assert.Contains(outer.Attribute, a => a.G.Node.Any(n => n.OpType == "If"));
        var y = OnnxRun.Run(model, [OnnxRun.Feed("x:0", X, 2, 3), OnnxRun.Feed("training:0", [training]), OnnxRun.Feed("negate:0", [negate])])["y:0"];
        Assert.Equal(expected, y.As<float>());
    }

    [Fact]
    public void FindUnsupportedOps_FedCond_IsSupported() =>
        Assert.Empty(GraphTranslator.FindUnsupportedOps(Tf1ControlFlowGraphs.KerasCond(Predicate.Fed), ["x:0", "training:0"], ["y:0"]));

    private static global::Onnx.ModelProto Translate(Tensorflow.GraphDef graph, params GraphInput[] inputs) =>
        GraphTranslator.Translate(new TranslationRequest(graph, inputs, ["y:0", "branch:0"], new ZeroVariables(), "test"));
}
