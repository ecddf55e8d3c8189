using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation.Ops.Nn;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

/// <summary>Keras Conv1D / MaxPooling1D: ExpandDims(axis 1) → Conv2D or MaxPool → Squeeze(axis 1), over x [1, 6, 2].</summary>
public sealed class Conv1DSimplificationTests
{
    private static readonly float[] X = ReferenceConvolution.Ramp(12);
    private static readonly float[] Filter = ReferenceConvolution.Ramp(3 * 2 * 4, 0.05f);

    [Theory]
    [InlineData("SAME")]
    [InlineData("VALID")]
    public void Optimize_KerasConv1D_OneDimensionalConvWithTheSameValues(string padding)
    {
        var graph = Conv1D("Conv2D", padding, [("strides", Ints(1, 1, 1, 1))]);
        var expected = ReferenceConvolution.Conv2D(X, 1, 6, 2, Filter, 1, 3, 4, 1, 1, padding == "SAME");

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", X, 1, 6, 2)], "y:0")["y:0"];

        var conv = Assert.Single(model.Graph.Node, n => n.OpType == "Conv");
        Assert.Equal(3, model.Graph.Initializer.Single(t => t.Name == conv.Input[1]).Dims.Count);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "Unsqueeze" or "Squeeze");
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Fact]
    public void Optimize_KerasMaxPooling1D_OneDimensionalPool()
    {
        var graph = Conv1D("MaxPool", "VALID", [("ksize", Ints(1, 1, 2, 1)), ("strides", Ints(1, 1, 2, 1))]);
        var expected = from p in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 2) select MathF.Max(X[(4 * p) + c], X[(4 * p) + 2 + c]);

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", X, 1, 6, 2)], "y:0")["y:0"];

        var pool = Assert.Single(model.Graph.Node, n => n.OpType == "MaxPool");
        Assert.Equal([2L], pool.Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal([1, 3, 2], y.Shape);
        TranslationHarness.Close(expected, y);
    }

    private static TfGraphBuilder Conv1D(string op, string padding, (string, Tensorflow.AttrValue)[] attributes)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1, 6, 2);
        var expanded = graph.OpT("ExpandDims", "expand", DataType.Float, [x, graph.Scalar("axis", -3)]);
        string[] inputs = op == "Conv2D"
            ? [expanded, graph.OpT("ExpandDims", "kernel", DataType.Float, [graph.Const("w", TensorValue.FromArray([3, 2, 4], Filter)), graph.Scalar("zero", 0)])]
            : [expanded];
        var result = graph.OpT(op, "op", DataType.Float, inputs, [("padding", Str(padding)), .. attributes]);
        graph.OpT("Squeeze", "y", DataType.Float, [result], ("squeeze_dims", Ints(-3)));
        return graph;
    }
}
