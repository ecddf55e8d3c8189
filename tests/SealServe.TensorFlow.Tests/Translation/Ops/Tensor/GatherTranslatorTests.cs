using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class GatherTranslatorTests
{
    [Fact]
    public void Translate_GatherV2AxisOne_PicksColumns()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 3);
        graph.Op("GatherV2", "y", [x, graph.Const("i", [2, 0], 2), graph.Scalar("axis", 1)]);

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2, 3, 4, 5, 6 }, 2, 3)], "y:0");

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([3f, 1, 6, 4], y.As<float>());
    }

    [Fact]
    public void Translate_ResourceGather_LooksUpVariableRows()
    {
        var graph = new TfGraphBuilder();
        var ids = graph.Placeholder("ids", DataType.Int32, -1);
        graph.Add("VarHandleOp", "embeddings", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)), ("shape", TfGraphBuilder.ShapeAttr(3, 2)));
        graph.Op("ResourceGather", "y", ["embeddings", ids], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        var table = SealServe.Core.Tensors.Tensor.FromValues(new TensorShape(3, 2), 0f, 1, 10, 11, 20, 21);
        var request = new SealServe.TensorFlow.Translation.TranslationRequest(graph.Graph, graph.Inputs, ["y:0"], new ZeroVariables(new Dictionary<string, SealServe.Core.Tensors.Tensor> { ["embeddings"] = table }), "test");

        var y = Run(SealServe.TensorFlow.Translation.GraphTranslator.Translate(request), [Feed("ids:0", new[] { 2, 0 }, 2)], "y:0")["y:0"];

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([20f, 21, 0, 1], y.As<float>());
    }
}
