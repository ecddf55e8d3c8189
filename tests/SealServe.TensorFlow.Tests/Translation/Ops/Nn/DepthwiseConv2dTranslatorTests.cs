using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Nn;

public sealed class DepthwiseConv2dTranslatorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Translate_ChannelMultiplier_OneGroupPerInputChannel(int multiplier)
    {
        var x = ReferenceConvolution.Ramp(40);
        var filter = ReferenceConvolution.Ramp(3 * 3 * 2 * multiplier, 0.05f);
        var expected = ReferenceConvolution.Conv2D(x, 5, 4, 2, filter, 3, 3, multiplier, 1, 1, same: true, depthwise: true);

        var y = TranslationHarness.RunOp(
            "DepthwiseConv2dNative",
            DataType.Float,
            x,
            [1, 5, 4, 2],
            [TensorValue.FromArray([3, 3, 2, multiplier], filter)],
            ("strides", TfGraphBuilder.Ints(1, 1, 1, 1)),
            ("padding", TfGraphBuilder.Str("SAME")));

        Assert.Equal([1, 5, 4, 2 * multiplier], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }
}
