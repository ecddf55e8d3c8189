using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class SelectTranslatorTests
{
    [Fact]
    public void Translate_SelectV2_BroadcastsConditionAndValues()
    {
        var graph = new TfGraphBuilder();
        var condition = graph.Placeholder("c", DataType.Bool, 2, 1);
        var x = graph.Const("x", [1f, 2f, 3f], 3);
        var y = graph.Scalar("y", 0f);
        graph.OpT("SelectV2", "z", DataType.Float, [condition, x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("c:0", new[] { true, false }, 2, 1)], "z:0");

        Assert.Equal([2, 3], z.Shape);
        Assert.Equal([1f, 2, 3, 0, 0, 0], z.As<float>());
    }

    [Fact]
    public void Translate_SelectRankOneCondition_PicksWholeRows()
    {
        var graph = new TfGraphBuilder();
        var condition = graph.Placeholder("c", DataType.Bool, 2);
        var x = graph.Const("x", [1f, 2f, 3f, 4f], 2, 2);
        var y = graph.Const("y", [-1f, -2f, -3f, -4f], 2, 2);
        graph.OpT("Select", "z", DataType.Float, [condition, x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("c:0", new[] { false, true }, 2)], "z:0");

        Assert.Equal([-1f, -2f, 3f, 4f], z.As<float>());
    }
}
