using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class SquaredDifferenceTranslatorTests
{
    [Fact]
    public void Translate_BroadcastScalar_SquaresTheDifference()
    {
        var y = TranslationHarness.RunOp("SquaredDifference", DataType.Float, [1f, 2f, 5f], [3], [TensorValue.Scalar(3f)]);

        Assert.Equal([4f, 1f, 4f], y.As<float>());
    }
}
