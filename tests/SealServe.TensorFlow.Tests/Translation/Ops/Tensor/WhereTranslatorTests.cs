using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class WhereTranslatorTests
{
    [Fact]
    public void Translate_BoolMatrix_OneCoordinateRowPerTrueElement()
    {
        var y = TranslationHarness.RunOp("Where", DataType.Bool, [false, true, true, false], [2, 2]);

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([0L, 1, 1, 0], y.As<long>());
    }
}
