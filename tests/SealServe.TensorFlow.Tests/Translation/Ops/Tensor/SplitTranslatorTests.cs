using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class SplitTranslatorTests
{
    [Fact]
    public void Translate_ThreeWaysAlongAxisOne_EqualParts()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1, 6);
        graph.OpT("Split", "y", DataType.Float, [graph.Scalar("axis", 1), x], ("num_split", TfGraphBuilder.Int(3)));

        var y = TranslationHarness.Run(graph, [Feed("x:0", new[] { 1f, 2, 3, 4, 5, 6 }, 1, 6)], "y:0", "y:1", "y:2");

        Assert.Equal([1f, 2], y["y:0"].As<float>());
        Assert.Equal([3f, 4], y["y:1"].As<float>());
        Assert.Equal([5f, 6], y["y:2"].As<float>());
    }
}
