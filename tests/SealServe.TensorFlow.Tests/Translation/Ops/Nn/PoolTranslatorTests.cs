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
}
