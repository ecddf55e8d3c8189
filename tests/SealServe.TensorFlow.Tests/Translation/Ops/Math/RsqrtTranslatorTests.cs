using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class RsqrtTranslatorTests
{
    [Fact]
    public void Translate_Float_IsOneOverSquareRoot()
    {
        var y = TranslationHarness.RunOp("Rsqrt", DataType.Float, [0.25f, 4f, 16f], [3]);

        TranslationHarness.Close([2f, 0.5f, 0.25f], y);
    }
}
