using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class LeakyReluTranslatorTests
{
    [Fact]
    public void Translate_NoAlpha_UsesTfDefaultPointTwo()
    {
        var y = TranslationHarness.RunOp("LeakyRelu", DataType.Float, [-10f, 3f], [2]);

        Assert.Equal([-2f, 3f], y.As<float>());
    }

    [Fact]
    public void Translate_Alpha_ScalesNegatives()
    {
        var y = TranslationHarness.RunOp("LeakyRelu", DataType.Float, [-10f, 3f], [2], null, ("alpha", TfGraphBuilder.Float(0.5f)));

        Assert.Equal([-5f, 3f], y.As<float>());
    }
}
