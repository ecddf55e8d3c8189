using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class SliceTranslatorTests
{
    [Fact]
    public void Translate_SizeMinusOne_RunsToTheEnd()
    {
        var y = TranslationHarness.RunOp("Slice", DataType.Float, [1f, 2, 3, 4, 5, 6], [2, 3], [TensorValue.Vector(0, 1), TensorValue.Vector(1, -1)]);

        Assert.Equal([1, 2], y.Shape);
        Assert.Equal([2f, 3], y.As<float>());
    }
}
