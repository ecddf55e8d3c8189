using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class TileTranslatorTests
{
    [Fact]
    public void Translate_Int32Multiples_RepeatsEachAxis()
    {
        var y = TranslationHarness.RunOp("Tile", DataType.Float, [1f, 2f], [1, 2], [TensorValue.Vector(2, 2)]);

        Assert.Equal([2, 4], y.Shape);
        Assert.Equal([1f, 2, 1, 2, 1, 2, 1, 2], y.As<float>());
    }
}
