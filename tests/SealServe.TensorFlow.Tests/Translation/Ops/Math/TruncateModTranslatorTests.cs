using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class TruncateModTranslatorTests
{
    [Fact]
    public void Translate_Int32_TakesTheDividendSign()
    {
        var y = TranslationHarness.RunOp("TruncateMod", DataType.Int32, [7, -7], [2], [TensorValue.Scalar(3)]);

        Assert.Equal([1, -1], y.As<int>());
    }
}
