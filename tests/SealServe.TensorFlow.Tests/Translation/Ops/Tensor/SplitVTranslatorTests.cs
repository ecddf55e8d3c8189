using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class SplitVTranslatorTests
{
    [Fact]
    public void Translate_MinusOneSizeOnDynamicAxis_TakesTheRest()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1);
        graph.OpT("SplitV", "y", DataType.Float, [x, graph.Const("sizes", [1, -1, 2], 3), graph.Scalar("axis", 0)], ("num_split", TfGraphBuilder.Int(3)));

        var y = TranslationHarness.Run(graph, [Feed("x:0", new[] { 1f, 2, 3, 4, 5, 6 }, 6)], "y:0", "y:1", "y:2");

        Assert.Equal([1f], y["y:0"].As<float>());
        Assert.Equal([2f, 3, 4], y["y:1"].As<float>());
        Assert.Equal([5f, 6], y["y:2"].As<float>());
    }
}
