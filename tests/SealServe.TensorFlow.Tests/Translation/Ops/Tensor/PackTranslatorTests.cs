using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class PackTranslatorTests
{
    [Theory]
    [InlineData(0, new[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(-1, new[] { 3, 2 }, new float[] { 1, 4, 2, 5, 3, 6 })]
    public void Translate_TwoVectors_StacksAlongTheAxis(int axis, int[] shape, float[] expected)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 3);
        graph.OpT("Pack", "y", DataType.Float, [x, graph.Const("c", [4f, 5f, 6f], 3)], ("axis", TfGraphBuilder.Int(axis)), ("N", TfGraphBuilder.Int(2)));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2f, 3f }, 3)], "y:0");

        Assert.Equal(shape, y.Shape);
        Assert.Equal(expected, y.As<float>());
    }
}
