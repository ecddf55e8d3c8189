using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class UniqueTranslatorTests
{
    [Fact]
    public void Translate_Int64_FirstAppearanceOrderAndInt32Indices()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Unique", "u", DataType.Int64, [graph.Placeholder("x", DataType.Int64, -1)]);

        var u = TranslationHarness.Run(graph, [Feed("x:0", new[] { 7L, 2, 7, 9, 2 }, 5)], "u:0", "u:1");

        Assert.Equal([7L, 2, 9], u["u:0"].As<long>());
        Assert.Equal([0, 1, 0, 2, 1], u["u:1"].As<int>());
    }

    [Fact]
    public void Translate_TwoUniques_BothOmitTheirUnusedOutputAndTranslate()
    {
        // Each ONNX Unique names its unused output ""; optimizers must not take that for one tensor made twice.
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Int64, -1);
        graph.OpT("Unique", "u", DataType.Int64, [x]);
        graph.OpT("Unique", "v", DataType.Int64, [x]);

        var u = TranslationHarness.Run(graph, [Feed("x:0", new[] { 7L, 2, 7 }, 3)], "u:1", "v:0");

        Assert.Equal([0, 1, 0], u["u:1"].As<int>());
        Assert.Equal([7L, 2], u["v:0"].As<long>());
    }
}
