using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class RangeTranslatorTests
{
    [Fact]
    public void Translate_FedLimit_CountsFromStartByDelta()
    {
        var graph = new TfGraphBuilder();
        var limit = graph.Placeholder("limit", DataType.Int32, []);
        graph.Op("Range", "r", [graph.Scalar("start", 1), limit, graph.Scalar("delta", 3)], ("Tidx", TfGraphBuilder.TypeAttr(DataType.Int32)));

        var r = TranslationHarness.RunOne(graph, [Feed("limit:0", new[] { 10 })], "r:0");

        Assert.Equal([1, 4, 7], r.As<int>());
    }
}
