using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class FillTranslatorTests
{
    [Fact]
    public void Translate_FillComputedShape_RepeatsTheValue()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 3);
        var shape = graph.OpT("Shape", "shape", DataType.Float, [x]);
        graph.OpT("Fill", "y", DataType.Float, [shape, graph.Scalar("v", 7f)]);

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new float[6], 2, 3)], "y:0");

        Assert.Equal([2, 3], y.Shape);
        Assert.All(y.As<float>(), v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Translate_BroadcastTo_ExpandsARow()
    {
        var y = TranslationHarness.RunOp("BroadcastTo", DataType.Float, [1f, 2f], [2], [SealServe.TensorFlow.Translation.TensorValue.Vector(3, 2)]);

        Assert.Equal([3, 2], y.Shape);
        Assert.Equal([1f, 2, 1, 2, 1, 2], y.As<float>());
    }
}
