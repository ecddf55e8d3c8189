using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class TopKTranslatorTests
{
    [Fact]
    public void Translate_TopKV2_SortedValuesAndInt32IndicesPerRow()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 3);
        graph.OpT("TopKV2", "y", DataType.Float, [x, graph.Const("k", TensorValue.Scalar(2))]);

        var y = TranslationHarness.Run(graph, [Feed("x:0", new[] { 1f, 3, 2, 9, 8, 7 }, 2, 3)], "y:0", "y:1");

        Assert.Equal([3f, 2, 9, 8], y["y:0"].As<float>());
        Assert.Equal([1, 2, 0, 1], y["y:1"].As<int>());
    }
}
