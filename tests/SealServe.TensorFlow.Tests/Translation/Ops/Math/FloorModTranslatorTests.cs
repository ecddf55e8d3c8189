using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class FloorModTranslatorTests
{
    [Fact]
    public void Translate_Int32_TakesTheDivisorSign()
    {
        // Python: [7, -7, 7, -7] % [3, 3, -3, -3] == [1, 2, -2, -1]
        var y = TranslationHarness.RunOp("FloorMod", DataType.Int32, [7, -7, 7, -7], [4], [TensorValue.Vector(3, 3, -3, -3)]);

        Assert.Equal([1, 2, -2, -1], y.As<int>());
    }

    [Fact]
    public void Translate_Float_TakesTheDivisorSign()
    {
        var y = TranslationHarness.RunOp("FloorMod", DataType.Float, [7.5f, -7.5f], [2], [TensorValue.Scalar(2f)]);

        TranslationHarness.Close([1.5f, 0.5f], y);
    }
}
