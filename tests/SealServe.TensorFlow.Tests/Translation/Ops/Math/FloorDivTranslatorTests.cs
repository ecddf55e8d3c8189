using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class FloorDivTranslatorTests
{
    [Fact]
    public void Translate_Int32NegativeOperands_RoundsTowardNegativeInfinity()
    {
        // Python: [7, -7, 7, -7] // [2, 2, -2, -2] == [3, -4, -4, 3]
        var y = TranslationHarness.RunOp("FloorDiv", DataType.Int32, [7, -7, 7, -7], [4], [TensorValue.Vector(2, 2, -2, -2)]);

        Assert.Equal([3, -4, -4, 3], y.As<int>());
    }

    [Fact]
    public void Translate_Float_FloorsTheQuotient()
    {
        var y = TranslationHarness.RunOp("FloorDiv", DataType.Float, [7f, -7f], [2], [TensorValue.Scalar(2f)]);

        Assert.Equal([3f, -4f], y.As<float>());
    }
}
