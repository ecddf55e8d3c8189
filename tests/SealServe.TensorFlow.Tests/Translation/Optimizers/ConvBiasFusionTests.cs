using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation.Ops.Nn;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

/// <summary>NHWC Conv2D → BiasAdd → Relu, as Keras writes a Conv2D layer: x [1, 4, 4, 2], filter [3, 3, 2, 3].</summary>
public sealed class ConvBiasFusionTests
{
    internal static readonly float[] X = ReferenceConvolution.Ramp(32);
    internal static readonly float[] Filter = ReferenceConvolution.Ramp(54, 0.05f);
    internal static readonly float[] Bias = [0.5f, -0.25f, 0.1f];

    [Fact]
    public void Optimize_BiasAddAfterNhwcConv_BecomesTheConvBias()
    {
        var model = TranslationHarness.Translate(ConvLayer(), "y:0");
        var y = Run(model, [Feed("x:0", X, 1, 4, 4, 2)], "y:0")["y:0"];

        var conv = Assert.Single(model.Graph.Node, n => n.OpType == "Conv");
        Assert.Equal(3, conv.Input.Count);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Add");
        var expected = ReferenceConvolution.Conv2D(X, 4, 4, 2, Filter, 3, 3, 3, 1, 1, same: true).Select((v, i) => MathF.Max(v + Bias[i % 3], 0));
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    /// <summary>Conv2D (SAME) → BiasAdd → Relu, output <c>y:0</c>.</summary>
    internal static TfGraphBuilder ConvLayer()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 4, 4, 2);
        var conv = graph.OpT("Conv2D", "conv", DataType.Float, [x, graph.Const("w", TensorValue.FromArray([3, 3, 2, 3], Filter))], ("strides", Ints(1, 1, 1, 1)), ("padding", Str("SAME")));
        graph.OpT("Relu", "y", DataType.Float, [graph.OpT("BiasAdd", "bias", DataType.Float, [conv, graph.Const("b", Bias, 3)])]);
        return graph;
    }
}
