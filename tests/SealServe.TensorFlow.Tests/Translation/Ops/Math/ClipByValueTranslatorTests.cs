using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class ClipByValueTranslatorTests
{
    [Fact]
    public void Translate_TensorBounds_ClipEachElementToItsBounds()
    {
        var y = TranslationHarness.RunOp("ClipByValue", DataType.Float, [-5f, 0.5f, 5f], [3], [TensorValue.Vector(-1f, 1f, -1f), TensorValue.Scalar(2f)]);

        Assert.Equal([-1f, 1f, 2f], y.As<float>());
    }
}
