using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class UnpackTranslatorTests
{
    [Fact]
    public void Translate_AxisOne_GivesColumns()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 2);
        graph.OpT("Unpack", "y", DataType.Float, [x], ("axis", TfGraphBuilder.Int(1)), ("num", TfGraphBuilder.Int(2)));

        var y = TranslationHarness.Run(graph, [Feed("x:0", new[] { 1f, 2f, 3f, 4f }, 2, 2)], "y:0", "y:1");

        Assert.Equal([2], y["y:0"].Shape);
        Assert.Equal([1f, 3f], y["y:0"].As<float>());
        Assert.Equal([2f, 4f], y["y:1"].As<float>());
    }
}
