using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ReverseTranslatorTests
{
    [Fact]
    public void Translate_LastAxis_ReversesEachRow()
    {
        var y = TranslationHarness.RunOp("ReverseV2", DataType.Float, [1f, 2, 3, 4, 5, 6], [2, 3], [TensorValue.Vector(-1)]);

        Assert.Equal([3f, 2, 1, 6, 5, 4], y.As<float>());
    }
}
