using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class AddNTranslatorTests
{
    [Fact]
    public void Translate_ThreeInputs_SumsThem()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        var c = graph.Const("c", [10f, 20f], 2);
        graph.OpT("AddN", "y", DataType.Float, [x, c, x], ("N", TfGraphBuilder.Int(3)));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2f }, 2)], "y:0");

        Assert.Equal([12f, 24f], y.As<float>());
    }
}
