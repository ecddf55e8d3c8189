using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Sparse;

/// <summary>SparseReshape, SparseFillEmptyRows and the SparseSegment reductions, with the examples of TensorFlow's documentation.</summary>
public sealed class SparseKernelTests
{
    [Fact]
    public void SparseReshape_DocumentedExample_InfersTheMinusOne()
    {
        var graph = new TfGraphBuilder();
        graph.Op("SparseReshape", "r", [graph.Placeholder("i", DataType.Int64, -1, 3), graph.Placeholder("s", DataType.Int64, 3), graph.Const("n", [9L, -1], 2)]);

        var outputs = Run(graph, "r", 2,
            ("i:0", Tensor.FromValues(new TensorShape(5, 3), 0L, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 2, 3)),
            ("s:0", Tensor.FromValues(new TensorShape(3), 2L, 3, 6)));

        Assert.Equal([0L, 0, 0, 1, 1, 2, 4, 2, 8, 1], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal(new TensorShape(5, 2), outputs[0].Shape);
        Assert.Equal([9L, 4], outputs[1].AsSpan<long>().ToArray());
    }

    [Fact]
    public void SparseReshape_SizesThatDoNotDivide_FailsWithTensorFlowsText()
    {
        var graph = new TfGraphBuilder();
        graph.Op("SparseReshape", "r", [graph.Placeholder("i", DataType.Int64, -1, 2), graph.Placeholder("s", DataType.Int64, 2), graph.Const("n", [4L, -1], 2)]);

        var error = Assert.Throws<ServingException>(() => Run(graph, "r", 2, ("i:0", Tensor.FromValues(new TensorShape(0, 2), Array.Empty<long>())), ("s:0", Tensor.FromValues(new TensorShape(2), 2L, 3))));

        Assert.StartsWith("Input to reshape is a SparseTensor with 6 dense values, but the requested shape requires a multiple of 4.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseFillEmptyRows_DocumentedExample()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("SparseFillEmptyRows", "f", DataType.String, [graph.Placeholder("i", DataType.Int64, -1, 2), graph.Placeholder("v", DataType.String, -1), graph.Placeholder("s", DataType.Int64, 2), graph.Const("d", StringConstant("x"))]);

        var outputs = Run(graph, "f", 4,
            ("i:0", Tensor.FromValues(new TensorShape(4, 2), 0L, 1, 0, 3, 2, 0, 3, 1)),
            ("v:0", StringTensor("a", "b", "c", "d")),
            ("s:0", Tensor.FromValues(new TensorShape(2), 5L, 6)));

        Assert.Equal([0L, 1, 0, 3, 1, 0, 2, 0, 3, 1, 4, 0], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal(["a", "b", "x", "c", "d", "x"], Text(outputs[1]));
        Assert.Equal([false, true, false, false, true], outputs[2].AsSpan<bool>().ToArray());
        Assert.Equal([0L, 1, 3, 4], outputs[3].AsSpan<long>().ToArray());
    }

    [Fact]
    public void SparseFillEmptyRows_RowsOutOfOrder_ComeOutRowMajorKeepingOrderWithinARow()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("SparseFillEmptyRows", "f", DataType.Float, [graph.Placeholder("i", DataType.Int64, -1, 2), graph.Placeholder("v", DataType.Float, -1), graph.Placeholder("s", DataType.Int64, 2), graph.Scalar("d", -1f)]);

        var outputs = Run(graph, "f", 4,
            ("i:0", Tensor.FromValues(new TensorShape(3, 2), 2L, 0, 0, 1, 2, 1)),
            ("v:0", Tensor.FromValues(new TensorShape(3), 10f, 20f, 30f)),
            ("s:0", Tensor.FromValues(new TensorShape(2), 3L, 2)));

        Assert.Equal([0L, 1, 1, 0, 2, 0, 2, 1], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal([20f, -1f, 10f, 30f], outputs[1].AsSpan<float>().ToArray());
        Assert.Equal([2L, 0, 3], outputs[3].AsSpan<long>().ToArray());
    }

    [Fact]
    public void SparseFillEmptyRows_RowOutsideTheShape_FailsWithTensorFlowsText()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("SparseFillEmptyRows", "f", DataType.Float, [graph.Placeholder("i", DataType.Int64, -1, 2), graph.Placeholder("v", DataType.Float, -1), graph.Placeholder("s", DataType.Int64, 2), graph.Scalar("d", 0f)]);

        var error = Assert.Throws<ServingException>(() => Run(graph, "f", 4,
            ("i:0", Tensor.FromValues(new TensorShape(1, 2), 5L, 0)), ("v:0", Tensor.FromValues(new TensorShape(1), 1f)), ("s:0", Tensor.FromValues(new TensorShape(2), 2L, 2))));

        Assert.StartsWith("indices(0, 0) is invalid: 5 >= 2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>c = [[1, 2, 3, 4], [-1, -2, -3, -4], [5, 6, 7, 8]], the data of the documentation's examples.</summary>
    [Theory]
    [InlineData("SparseSegmentSum", new[] { 0, 1 }, new[] { 0, 0 }, -1, new[] { 0f, 0, 0, 0 })]
    [InlineData("SparseSegmentSum", new[] { 0, 1 }, new[] { 0, 1 }, -1, new[] { 1f, 2, 3, 4, -1, -2, -3, -4 })]
    [InlineData("SparseSegmentSum", new[] { 0, 2 }, new[] { 0, 1 }, -1, new[] { 1f, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData("SparseSegmentSumWithNumSegments", new[] { 0, 1 }, new[] { 0, 2 }, 4, new[] { 1f, 2, 3, 4, 0, 0, 0, 0, -1, -2, -3, -4, 0, 0, 0, 0 })]
    [InlineData("SparseSegmentMean", new[] { 0, 1, 2 }, new[] { 0, 0, 1 }, -1, new[] { 0f, 0, 0, 0, 5, 6, 7, 8 })]
    [InlineData("SparseSegmentMean", new[] { 0, 2 }, new[] { 0, 0 }, -1, new[] { 3f, 4, 5, 6 })]
    [InlineData("SparseSegmentSqrtN", new[] { 0, 2 }, new[] { 0, 0 }, -1, new[] { 4.2426407f, 5.656854f, 7.071068f, 8.485281f })]
    [InlineData("SparseSegmentSqrtNWithNumSegments", new[] { 2 }, new[] { 1 }, 2, new[] { 0f, 0, 0, 0, 5, 6, 7, 8 })]
    public void SparseSegmentReductions_DocumentedSemantics(string op, int[] indices, int[] segments, int numSegments, float[] expected)
    {
        var graph = new TfGraphBuilder();
        List<string> inputs = [graph.Placeholder("c", DataType.Float, -1, 4), graph.Const("idx", indices, indices.Length), graph.Const("seg", segments, segments.Length)];
        if (numSegments >= 0)
        {
            inputs.Add(graph.Scalar("n", numSegments));
        }

        graph.OpT(op, "r", DataType.Float, inputs);

        var y = Run(graph, "r", 1, ("c:0", Tensor.FromValues(new TensorShape(3, 4), 1f, 2, 3, 4, -1, -2, -3, -4, 5, 6, 7, 8)))[0];

        Assert.Equal(expected.Length / 4, y.Shape[0]);
        Assert.Equal(expected, y.AsSpan<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Theory]
    [InlineData(new[] { 0, 1 }, new[] { 1, 0 }, "Segment id 1 out of range [0, 1), possibly because 'segment_ids' input is not sorted.")]
    [InlineData(new[] { 0, 1, 2 }, new[] { 1, 0, 1 }, "segment ids are not increasing")]
    [InlineData(new[] { 0, 3 }, new[] { 0, 1 }, "Bad: indices[1] == 3 out of range [0, 3)")]
    public void SparseSegmentSum_BadIds_FailWithTensorFlowsText(int[] indices, int[] segments, string message)
    {
        var graph = new TfGraphBuilder();
        graph.OpT("SparseSegmentSum", "r", DataType.Float, [graph.Placeholder("c", DataType.Float, -1, 4), graph.Const("idx", indices, indices.Length), graph.Const("seg", segments, segments.Length)]);

        var error = Assert.Throws<ServingException>(() => Run(graph, "r", 1, ("c:0", Tensor.FromValues(new TensorShape(3, 4), new float[12]))));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
