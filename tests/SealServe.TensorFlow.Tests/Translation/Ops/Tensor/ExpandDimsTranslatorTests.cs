using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ExpandDimsTranslatorTests
{
    [Theory]
    [InlineData(0, new[] { 1, 2, 3 })]
    [InlineData(1, new[] { 2, 1, 3 })]
    [InlineData(-1, new[] { 2, 3, 1 })]
    public void Translate_ScalarAxis_InsertsADimension(int axis, int[] expected)
    {
        var y = TranslationHarness.RunOp("ExpandDims", DataType.Float, new float[6], [2, 3], [TensorValue.Scalar(axis)]);

        Assert.Equal(expected, y.Shape);
    }
}
