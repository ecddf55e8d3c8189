using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class SquareTranslatorTests
{
    [Fact]
    public void Translate_Int32_SquaresEachElement()
    {
        var y = TranslationHarness.RunOp("Square", DataType.Int32, [-3, 0, 4], [3]);

        Assert.Equal([9, 0, 16], y.As<int>());
    }
}
