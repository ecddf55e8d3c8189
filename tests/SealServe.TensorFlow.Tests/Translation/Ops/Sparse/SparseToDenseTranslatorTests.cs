using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Sparse;

public sealed class SparseToDenseTranslatorTests
{
    [Fact]
    public void Translate_MatrixIndices_ScattersIntoTheDefault()
    {
        var graph = new TfGraphBuilder();
        var indices = graph.Placeholder("indices", DataType.Int64, -1, 2);
        graph.OpT("SparseToDense", "y", DataType.Float, [indices, graph.Const("shape", [2L, 3L], 2), graph.Const("values", [5f, 6f], 2), graph.Scalar("default", -1f)]);

        var y = TranslationHarness.RunOne(graph, [Feed("indices:0", new[] { 0L, 1, 1, 2 }, 2, 2)], "y:0");

        Assert.Equal([2, 3], y.Shape);
        Assert.Equal([-1f, 5, -1, -1, -1, 6], y.As<float>());
    }

    [Fact]
    public void Translate_VectorIndicesScalarValue_SetsEachIndex()
    {
        var graph = new TfGraphBuilder();
        var indices = graph.Placeholder("indices", DataType.Int32, -1);
        graph.OpT("SparseToDense", "y", DataType.Int64, [indices, graph.Const("shape", [4], 1), graph.Scalar("value", 1L), graph.Scalar("default", 0L)]);

        var y = TranslationHarness.RunOne(graph, [Feed("indices:0", new[] { 3, 0 }, 2)], "y:0");

        Assert.Equal([1L, 0, 0, 1], y.As<long>());
    }
}
