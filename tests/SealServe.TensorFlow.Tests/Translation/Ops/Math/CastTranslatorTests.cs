using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class CastTranslatorTests
{
    [Fact]
    public void Translate_FloatToInt32_TruncatesTowardZero()
    {
        var y = TranslationHarness.RunOp("Cast", DataType.Float, [-1.7f, 1.7f, 2.5f], [3], null, ("DstT", TfGraphBuilder.TypeAttr(DataType.Int32)));

        Assert.Equal([-1, 1, 2], y.As<int>());
    }

    [Fact]
    public void Translate_BoolToFloat_IsZeroOrOne()
    {
        var y = TranslationHarness.RunOp("Cast", DataType.Bool, [true, false], [2], null, ("DstT", TfGraphBuilder.TypeAttr(DataType.Float)));

        Assert.Equal([1f, 0f], y.As<float>());
    }
}
