using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Frozen GraphDefs (weights as Const) and tf.function GraphDefs from the corpus.</summary>
public sealed class FrozenGraphTests
{
    /// <summary>tf2onnx's input recipe: np.linspace(1, N, N) reshaped.</summary>
    private static readonly float[] Ramp = [.. Enumerable.Range(1, 784).Select(i => (float)i)];

    [Theory]
    [InlineData("tf/onnx__tensorflow-onnx__ae0_frozen/frozen.pb", 784)]
    [InlineData("tf/onnx__tensorflow-onnx__fc-layers_frozen/frozen.pb", 10)]
    public void Translate_DenseFrozenGraph_OneRowOfTheDeclaredWidth(string path, int width)
    {
        var graph = CorpusGraphs.Frozen(path);

        var y = Run(Translate(graph, [new GraphInput("X:0", DataType.Float, ShapeSpec.Of(-1, 784))], "output:0"), [Feed("X:0", Ramp, 1, 784)], "output:0")["output:0"];

        Assert.Equal([1, width], y.Shape);
        Assert.All(y.As<float>(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Translate_LstmFrozenWithUnrolledCellsAndDropout_Runs()
    {
        var graph = CorpusGraphs.Frozen("tf/onnx__tensorflow-onnx__lstm_frozen/frozen.pb");
        GraphInput[] inputs = [new("X:0", DataType.Float, ShapeSpec.Of(-1, 784)), new("keep_prob:0", DataType.Float, ShapeSpec.Of())];

        var y = Run(Translate(graph, inputs, "output:0"), [Feed("X:0", Ramp, 1, 784), Feed("keep_prob:0", new[] { 1f })], "output:0")["output:0"];

        Assert.Equal(1, y.Shape[0]);
        Assert.All(y.As<float>(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Translate_CifarConv_Runs()
    {
        var graph = CorpusGraphs.Frozen("tf/dotnet__machinelearning-testdata__cifar_frozen/frozen_model.pb");
        var x = Enumerable.Range(0, 32 * 32 * 3).Select(i => (i % 11) / 11f).ToArray();

        var y = Run(Translate(graph, [new GraphInput("Input:0", DataType.Float, ShapeSpec.Of(-1, 32, 32, 3))], "Output:0"), [Feed("Input:0", x, 1, 32, 32, 3)], "Output:0")["Output:0"];

        Assert.Equal([1, 10], y.Shape);
    }

    [Fact]
    public void Translate_RegressionFrozen_UsesTheFrozenWeights()
    {
        var graph = CorpusGraphs.Frozen("tf/onnx__tensorflow-onnx__regression_frozen/frozen.pb");
        var (w, b) = (ConstOf(graph, "W"), ConstOf(graph, "b"));

        var y = Run(Translate(graph, [new GraphInput("X:0", DataType.Float, null)], "pred:0"), [Feed("X:0", new[] { 1f, 2, 3 }, 3)], "pred:0")["pred:0"];

        TranslationHarness.Close(new[] { 1f, 2, 3 }.Select(x => (x * w) + b), y);
    }

    [Fact]
    public void Translate_AdditionGraphDef_AddsInt32Scalars()
    {
        var graph = CorpusGraphs.Frozen("tf/tensorflow__rust__addition_graphdef/model.pb");
        GraphInput[] inputs = [new("x:0", DataType.Int32, ShapeSpec.Of()), new("y:0", DataType.Int32, ShapeSpec.Of())];

        var z = Run(Translate(graph, inputs, "z:0"), [Feed("x:0", new[] { 40 }), Feed("y:0", new[] { 2 })], "z:0")["z:0"];

        Assert.Equal([42], z.As<int>());
    }

    private static global::Onnx.ModelProto Translate(GraphDef graph, GraphInput[] inputs, string output) =>
        GraphTranslator.Translate(new TranslationRequest(graph, inputs, [output], new ZeroVariables(), "frozen"));

    private static float ConstOf(GraphDef graph, string name) => TensorValue.FromTf(graph.Node.Single(n => n.Name == name).Attr["value"].Tensor).Span<float>()[0];
}
