using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

public sealed class ConstantFoldingTests
{
    [Fact]
    public void Optimize_ShapeArithmeticOnStaticDims_FoldsIntoAnInitializer()
    {
        // reshape(x, [shape(x)[1] * shape(x)[2], -1]) with x [-1, 4, 3]: only the batch is unknown.
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 4, 3);
        var shape = graph.OpT("Shape", "shape", DataType.Float, [x]);
        var dims = graph.OpT("StridedSlice", "dims", DataType.Int32, [shape, graph.Const("b", [1], 1), graph.Const("e", [3], 1), graph.Const("s", [1], 1)]);
        var product = graph.Op("Prod", "product", [dims, graph.Scalar("axis", 0)], ("keep_dims", Bool(true)));
        var target = graph.OpT("ConcatV2", "target", DataType.Int32, [product, graph.Const("rest", [-1], 1), graph.Scalar("axis0", 0)]);
        graph.OpT("Reshape", "y", DataType.Float, [graph.OpT("Transpose", "t", DataType.Float, [x, graph.Const("perm", [1, 2, 0], 3)]), target]);

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", new float[24], 2, 4, 3)], "y:0")["y:0"];

        Assert.Equal(["Transpose", "Reshape"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([12, 2], y.Shape);
    }

    [Fact]
    public void Optimize_TransposedConstantWeights_StoredTransposed()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 2);
        graph.OpT("MatMul", "y", DataType.Float, [x, graph.Const("w", [1f, 2f, 3f, 4f], 2, 2)], ("transpose_b", Bool(true)));

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", new[] { 1f, 1f }, 1, 2)], "y:0")["y:0"];

        Assert.Equal(["MatMul"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([3f, 7f], y.As<float>());
    }

    [Fact]
    public void Optimize_LargeResultFromSmallConstants_LeftToRunTime()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        var big = graph.OpT("Fill", "big", DataType.Float, [graph.Const("dims", [1000, 1000], 2), graph.Scalar("one", 1f)]);
        graph.OpT("Mul", "y", DataType.Float, [big, x]);

        var model = TranslationHarness.Translate(graph, "y:0");

        Assert.Contains(model.Graph.Node, n => n.OpType == "Expand");
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Dims.Count == 2 && t.Dims[0] == 1000);
    }
}
