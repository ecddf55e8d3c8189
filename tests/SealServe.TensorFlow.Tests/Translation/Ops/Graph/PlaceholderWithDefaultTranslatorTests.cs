using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Graph;

public sealed class PlaceholderWithDefaultTranslatorTests
{
    [Fact]
    public void Translate_NotFed_UsesTheDefault()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Op("PlaceholderWithDefault", "rate", [graph.Scalar("default", 3f)], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        graph.OpT("Mul", "y", DataType.Float, [x, "rate"]);

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 2f }, 1)], "y:0");

        Assert.Equal([6f], y.As<float>());
    }

    [Fact]
    public void Translate_Fed_IsAGraphInput()
    {
        var graph = new TfGraphBuilder();
        graph.Op("PlaceholderWithDefault", "x", [graph.Scalar("default", 3f)], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        graph.OpT("Neg", "y", DataType.Float, ["x"]);
        var request = new TranslationRequest(graph.Graph, [new GraphInput("x:0", DataType.Float, null)], ["y:0"], new ZeroVariables(), "test");

        var y = Run(GraphTranslator.Translate(request), [Feed("x:0", new[] { 5f }, 1)], "y:0")["y:0"];

        Assert.Equal([-5f], y.As<float>());
    }
}
