using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Nn;

public sealed class PoolTranslatorTests
{
    private static readonly float[] X = ReferenceConvolution.Ramp(5 * 5 * 2);

    [Theory]
    [InlineData("MaxPool", "SAME")]
    [InlineData("MaxPool", "VALID")]
    [InlineData("AvgPool", "SAME")]
    [InlineData("AvgPool", "VALID")]
    public void Translate_TwoByTwoStrideTwo_MatchesTfPooling(string op, string padding)
    {
        var expected = ReferenceConvolution.Pool(X, 5, 5, 2, 2, 2, padding == "SAME", op == "MaxPool");

        var y = TranslationHarness.RunOp(
            op,
            DataType.Float,
            X,
            [1, 5, 5, 2],
            null,
            ("ksize", TfGraphBuilder.Ints(1, 2, 2, 1)),
            ("strides", TfGraphBuilder.Ints(1, 2, 2, 1)),
            ("padding", TfGraphBuilder.Str(padding)));

        Assert.Equal(padding == "SAME" ? [1, 3, 3, 2] : [1, 2, 2, 2], y.Shape);
        TranslationHarness.Close(expected, y);
    }

    /// <summary>Pooling shares the convolutions' SAME rule: with a stride larger than the window, no padding at all.</summary>
    [Theory]
    [InlineData("MaxPool", 9, 2, 4, false)]
    [InlineData("MaxPool", 9, 2, 4, true)]
    [InlineData("MaxPool", 10, 2, 5, true)]
    [InlineData("AvgPool", 9, 2, 4, false)]
    [InlineData("AvgPool", 9, 2, 4, true)]
    [InlineData("AvgPool", 10, 3, 4, true)]
    [InlineData("AvgPool", 7, 3, 2, true)]
    public void Translate_SameWithStrideLargerThanWindow_MatchesTfPooling(string op, int size, int k, int stride, bool dynamicShape)
    {
        var x = ReferenceConvolution.Ramp(size * size * 2);
        var expected = ReferenceConvolution.Pool(x, size, size, 2, k, stride, same: true, max: op == "MaxPool");
        var graph = new TfGraphBuilder();
        var input = graph.Placeholder("x", DataType.Float, dynamicShape ? [-1, -1, -1, 2] : [1, size, size, 2]);
        graph.OpT(op, "y", DataType.Float, [input],
            ("ksize", TfGraphBuilder.Ints(1, k, k, 1)), ("strides", TfGraphBuilder.Ints(1, stride, stride, 1)), ("padding", TfGraphBuilder.Str("SAME")));

        var y = TranslationHarness.RunOne(graph, [OnnxRun.Feed("x:0", x, 1, size, size, 2)], "y:0");

        var outputSize = (size + stride - 1) / stride;
        Assert.Equal([1, outputSize, outputSize, 2], y.Shape);
        TranslationHarness.Close(expected, y);
    }
}
