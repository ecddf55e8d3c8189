using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Graph;

public sealed class IdentityTranslatorTests
{
    [Fact]
    public void Translate_IdentityChain_NoNodesButTheOutputIdentity()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        var a = graph.OpT("Identity", "a", DataType.Float, [x]);
        var b = graph.OpT("StopGradient", "b", DataType.Float, [a]);
        graph.OpT("Snapshot", "y", DataType.Float, [b]);

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", new[] { 1f, 2f }, 2)], "y:0")["y:0"];

        Assert.Equal(["Identity"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([1f, 2f], y.As<float>());
    }

    [Fact]
    public void Translate_IdentityN_ForwardsEachInput()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Op("IdentityN", "y", [graph.Scalar("c", 4f), x], ("T", TfGraphBuilder.Types(DataType.Float, DataType.Float)));

        var y = TranslationHarness.Run(graph, [Feed("x:0", new[] { 9f }, 1)], "y:0", "y:1");

        Assert.Equal([4f], y["y:0"].As<float>());
        Assert.Equal([9f], y["y:1"].As<float>());
    }
}
