using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Nn;

public sealed class Conv2DTranslatorTests
{
    // x [1, 5, 4, 2], filter [3, 3, 2, 3].
    private static readonly float[] X = ReferenceConvolution.Ramp(40);
    private static readonly float[] Filter = ReferenceConvolution.Ramp(54, 0.05f);

    [Theory]
    [InlineData("SAME", 1, 1)]
    [InlineData("SAME", 2, 1)]
    [InlineData("VALID", 1, 1)]
    [InlineData("VALID", 2, 1)]
    [InlineData("SAME", 1, 2)]
    public void Translate_Nhwc_MatchesTfConvolution(string padding, int stride, int dilation)
    {
        var expected = ReferenceConvolution.Conv2D(X, 5, 4, 2, Filter, 3, 3, 3, stride, dilation, padding == "SAME");

        var y = TranslationHarness.RunOp(
            "Conv2D",
            DataType.Float,
            X,
            [1, 5, 4, 2],
            [TensorValue.FromArray([3, 3, 2, 3], Filter)],
            ("strides", TfGraphBuilder.Ints(1, stride, stride, 1)),
            ("dilations", TfGraphBuilder.Ints(1, dilation, dilation, 1)),
            ("padding", TfGraphBuilder.Str(padding)));

        Assert.Equal(3, y.Shape[3]);
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Fact]
    public void Translate_Nchw_KeepsChannelsFirst()
    {
        var nchw = Transpose(X, 5, 4, 2);
        var expected = Transpose(ReferenceConvolution.Conv2D(X, 5, 4, 2, Filter, 3, 3, 3, 1, 1, same: true), 5, 4, 3);

        var y = TranslationHarness.RunOp(
            "Conv2D",
            DataType.Float,
            nchw,
            [1, 2, 5, 4],
            [TensorValue.FromArray([3, 3, 2, 3], Filter)],
            ("strides", TfGraphBuilder.Ints(1, 1, 1, 1)),
            ("padding", TfGraphBuilder.Str("SAME")),
            ("data_format", TfGraphBuilder.Str("NCHW")));

        Assert.Equal([1, 3, 5, 4], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Fact]
    public void Translate_ExplicitPaddingMatchingSame_SameResult()
    {
        var expected = ReferenceConvolution.Conv2D(X, 5, 4, 2, Filter, 3, 3, 3, 1, 1, same: true);

        var y = TranslationHarness.RunOp(
            "Conv2D",
            DataType.Float,
            X,
            [1, 5, 4, 2],
            [TensorValue.FromArray([3, 3, 2, 3], Filter)],
            ("strides", TfGraphBuilder.Ints(1, 1, 1, 1)),
            ("padding", TfGraphBuilder.Str("EXPLICIT")),
            ("explicit_paddings", TfGraphBuilder.Ints(0, 0, 1, 1, 1, 1, 0, 0)));

        TranslationHarness.Close(expected, y, 1e-4f);
    }

    /// <summary>
    /// TF clamps SAME's total padding at 0 when a stride exceeds the kernel (ONNX Runtime's SAME_UPPER would pad by a
    /// negative amount and shift every window), with the input size known at import or only at run time.
    /// </summary>
    [Theory]
    [InlineData(9, 10, 3, 4, false)]
    [InlineData(10, 10, 3, 5, false)]
    [InlineData(8, 12, 1, 2, false)]
    [InlineData(8, 96, 3, 8, false)]
    [InlineData(9, 10, 3, 4, true)]
    [InlineData(10, 10, 3, 5, true)]
    [InlineData(8, 12, 1, 2, true)]
    [InlineData(8, 96, 3, 8, true)]
    public void Translate_SameWithStrideLargerThanKernel_ClampsPaddingAtZero(int h, int w, int k, int stride, bool dynamicShape)
    {
        var x = ReferenceConvolution.Ramp(h * w * 2);
        var filter = ReferenceConvolution.Ramp(k * k * 2 * 3, 0.05f);
        var expected = ReferenceConvolution.Conv2D(x, h, w, 2, filter, k, k, 3, stride, 1, same: true);
        var graph = new TfGraphBuilder();
        var input = graph.Placeholder("x", DataType.Float, dynamicShape ? [-1, -1, -1, 2] : [1, h, w, 2]);
        graph.OpT("Conv2D", "y", DataType.Float, [input, graph.Const("f", filter, k, k, 2, 3)], ("strides", TfGraphBuilder.Ints(1, stride, stride, 1)), ("padding", TfGraphBuilder.Str("SAME")));

        var y = TranslationHarness.RunOne(graph, [OnnxRun.Feed("x:0", x, 1, h, w, 2)], "y:0");

        Assert.Equal([1, (h + stride - 1) / stride, (w + stride - 1) / stride, 3], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Translate_DilatedSame_MatchesTfConvolutionWithKnownOrUnknownSize(bool dynamicShape)
    {
        var expected = ReferenceConvolution.Conv2D(X, 5, 4, 2, Filter, 3, 3, 3, 2, 2, same: true);
        var graph = new TfGraphBuilder();
        var input = graph.Placeholder("x", DataType.Float, dynamicShape ? [-1, -1, -1, 2] : [1, 5, 4, 2]);
        graph.OpT("Conv2D", "y", DataType.Float, [input, graph.Const("f", Filter, 3, 3, 2, 3)],
            ("strides", TfGraphBuilder.Ints(1, 2, 2, 1)), ("dilations", TfGraphBuilder.Ints(1, 2, 2, 1)), ("padding", TfGraphBuilder.Str("SAME")));

        var y = TranslationHarness.RunOne(graph, [OnnxRun.Feed("x:0", X, 1, 5, 4, 2)], "y:0");

        TranslationHarness.Close(expected, y, 1e-4f);
    }

    /// <summary>[H, W, C] → [C, H, W].</summary>
    private static float[] Transpose(float[] hwc, int h, int w, int c) =>
        [.. from ch in Enumerable.Range(0, c) from i in Enumerable.Range(0, h * w) select hwc[(i * c) + ch]];
}
