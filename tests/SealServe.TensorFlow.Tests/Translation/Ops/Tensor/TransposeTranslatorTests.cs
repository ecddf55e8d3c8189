using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class TransposeTranslatorTests
{
    [Fact]
    public void Translate_ConstantPerm_PermutesAxes()
    {
        var y = TranslationHarness.RunOp("Transpose", DataType.Float, [1f, 2, 3, 4, 5, 6], [2, 3], [TensorValue.Vector(1, 0)]);

        Assert.Equal([3, 2], y.Shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], y.As<float>());
    }
}
