using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

/// <summary>x = arange(24).reshape(2, 3, 4), sliced as numpy would; x[i, j, k] = 12i + 4j + k.</summary>
public sealed class StridedSliceTranslatorTests
{
    private static readonly int[] X = [.. Enumerable.Range(0, 24)];

    [Fact]
    public void Translate_ShrinkFirstAxis_IsXOfOne()
    {
        // x[1]
        var y = Slice([1], [2], [1], shrink: 1);

        Assert.Equal([3, 4], y.Shape);
        Assert.Equal(Enumerable.Range(12, 12), y.As<int>());
    }

    [Fact]
    public void Translate_BeginAndEndMasks_TakeWholeAxes()
    {
        // x[:, 1:3]
        var y = Slice([0, 1], [0, 3], [1, 1], beginMask: 1, endMask: 1);

        Assert.Equal([2, 2, 4], y.Shape);
        Assert.Equal(Values(2, 2, 4, (i, j, k) => (12 * i) + (4 * (j + 1)) + k), y.As<int>());
    }

    [Fact]
    public void Translate_EllipsisThenShrink_IndexesTheLastAxis()
    {
        // x[..., 1]
        var y = Slice([0, 1], [0, 2], [1, 1], ellipsis: 1, shrink: 2);

        Assert.Equal([2, 3], y.Shape);
        Assert.Equal(Values(2, 3, 1, (i, j, _) => (12 * i) + (4 * j) + 1), y.As<int>());
    }

    [Fact]
    public void Translate_NegativeStrides_ReverseAndStep()
    {
        // x[::-1, :, ::2]
        var y = Slice([0, 0, 0], [0, 0, 0], [-1, 1, 2], beginMask: 7, endMask: 7);

        Assert.Equal([2, 3, 2], y.Shape);
        Assert.Equal(Values(2, 3, 2, (i, j, k) => (12 * (1 - i)) + (4 * j) + (2 * k)), y.As<int>());
    }

    [Fact]
    public void Translate_NewAxisBeforeShrink_ShrinkAppliesToTheNextInputAxis()
    {
        // x[:, tf.newaxis, -1] = x[:, None, 2, :]
        var y = Slice([0, 0, -1], [0, 0, 0], [1, 1, 1], beginMask: 1, endMask: 1, newAxis: 2, shrink: 4);

        Assert.Equal([2, 1, 4], y.Shape);
        Assert.Equal(Values(2, 1, 4, (i, _, k) => (12 * i) + 8 + k), y.As<int>());
    }

    [Fact]
    public void Translate_EllipsisThenNewAxis_AppendsAnAxis()
    {
        // x[..., tf.newaxis]
        var y = Slice([0, 0], [0, 0], [1, 1], ellipsis: 1, newAxis: 2);

        Assert.Equal([2, 3, 4, 1], y.Shape);
        Assert.Equal(X, y.As<int>());
    }

    [Fact]
    public void Translate_NegativeBeginWithEndMask_RunsToTheEnd()
    {
        // x[:, -2:]
        var y = Slice([0, -2], [0, 0], [1, 1], beginMask: 1, endMask: 3);

        Assert.Equal([2, 2, 4], y.Shape);
        Assert.Equal(Values(2, 2, 4, (i, j, k) => (12 * i) + (4 * (j + 1)) + k), y.As<int>());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 1)]
    public void Translate_ComputedBeginWithShrink_PicksThatRow(int begin, int row)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Int32, 2, 3, 4);
        var index = graph.Placeholder("i", DataType.Int32, 1);
        var end = graph.OpT("AddV2", "end", DataType.Int32, [index, graph.Const("one", [1], 1)]);
        graph.OpT("StridedSlice", "y", DataType.Int32, [x, index, end, graph.Const("strides", [1], 1)], ("shrink_axis_mask", TfGraphBuilder.Int(1)));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", X, 2, 3, 4), Feed("i:0", new[] { begin }, 1)], "y:0");

        Assert.Equal([3, 4], y.Shape);
        Assert.Equal(Enumerable.Range(12 * row, 12), y.As<int>());
    }

    private static OnnxResult Slice(int[] begin, int[] end, int[] strides, int beginMask = 0, int endMask = 0, int ellipsis = 0, int newAxis = 0, int shrink = 0)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Int32, 2, 3, 4);
        graph.OpT(
            "StridedSlice",
            "y",
            DataType.Int32,
            [x, graph.Const("begin", begin, begin.Length), graph.Const("end", end, end.Length), graph.Const("strides", strides, strides.Length)],
            ("begin_mask", TfGraphBuilder.Int(beginMask)),
            ("end_mask", TfGraphBuilder.Int(endMask)),
            ("ellipsis_mask", TfGraphBuilder.Int(ellipsis)),
            ("new_axis_mask", TfGraphBuilder.Int(newAxis)),
            ("shrink_axis_mask", TfGraphBuilder.Int(shrink)));
        return TranslationHarness.RunOne(graph, [Feed("x:0", X, 2, 3, 4)], "y:0");
    }

    private static IEnumerable<int> Values(int a, int b, int c, Func<int, int, int, int> value) =>
        from i in Enumerable.Range(0, a) from j in Enumerable.Range(0, b) from k in Enumerable.Range(0, c) select value(i, j, k);
}
