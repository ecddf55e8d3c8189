using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ReshapeTranslatorTests
{
    [Fact]
    public void Translate_MinusOne_InfersTheDimension()
    {
        var y = TranslationHarness.RunOp("Reshape", DataType.Float, new float[6], [2, 3], [TensorValue.Vector(3, -1)]);

        Assert.Equal([3, 2], y.Shape);
    }

    [Fact]
    public void Translate_ZeroInShape_IsAZeroSizeDimension()
    {
        var y = TranslationHarness.RunOp("Reshape", DataType.Float, Array.Empty<float>(), [0, 3], [TensorValue.Vector(3L, 0L)]);

        Assert.Equal([3, 0], y.Shape);
    }
}
