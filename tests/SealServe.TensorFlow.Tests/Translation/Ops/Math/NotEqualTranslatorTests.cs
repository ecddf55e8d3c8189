using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class NotEqualTranslatorTests
{
    [Fact]
    public void Translate_Int64_TrueWhereDifferent()
    {
        var y = TranslationHarness.RunOp("NotEqual", DataType.Int64, [1L, 2L, 3L], [3], [TensorValue.Scalar(2L)]);

        Assert.Equal([true, false, true], y.As<bool>());
    }
}
