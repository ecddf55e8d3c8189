using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class CumsumTranslatorTests
{
    [Theory]
    [InlineData(false, false, new float[] { 1, 3, 6 })]
    [InlineData(true, false, new float[] { 0, 1, 3 })]
    [InlineData(false, true, new float[] { 6, 5, 3 })]
    public void Translate_Flags_MatchTf(bool exclusive, bool reverse, float[] expected)
    {
        var y = TranslationHarness.RunOp("Cumsum", DataType.Float, [1f, 2, 3], [3], [TensorValue.Scalar(0)], ("exclusive", TfGraphBuilder.Bool(exclusive)), ("reverse", TfGraphBuilder.Bool(reverse)));

        Assert.Equal(expected, y.As<float>());
    }
}
