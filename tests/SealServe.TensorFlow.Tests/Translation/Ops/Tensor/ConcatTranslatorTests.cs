using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ConcatTranslatorTests
{
    [Fact]
    public void Translate_ConcatV2NegativeAxis_JoinsTheLastAxis()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 1);
        graph.OpT("ConcatV2", "y", DataType.Float, [x, graph.Const("c", [5f, 6f], 2, 1), graph.Scalar("axis", -1)], ("N", TfGraphBuilder.Int(2)));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2f }, 2, 1)], "y:0");

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([1f, 5f, 2f, 6f], y.As<float>());
    }

    [Fact]
    public void Translate_ConcatAxisFirst_JoinsAxisZero()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 1);
        graph.OpT("Concat", "y", DataType.Float, [graph.Scalar("axis", 0), x, x], ("N", TfGraphBuilder.Int(2)));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2f }, 2, 1)], "y:0");

        Assert.Equal([4, 1], y.Shape);
        Assert.Equal([1f, 2f, 1f, 2f], y.As<float>());
    }
}
