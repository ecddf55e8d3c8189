using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class Relu6TranslatorTests
{
    [Fact]
    public void Translate_Float_ClipsToZeroAndSix()
    {
        var y = TranslationHarness.RunOp("Relu6", DataType.Float, [-3f, 0.5f, 6f, 9f], [4]);

        Assert.Equal([0f, 0.5f, 6f, 6f], y.As<float>());
    }

    [Fact]
    public void Translate_Double_BoundsTakeTheInputType()
    {
        var y = TranslationHarness.RunOp("Relu6", DataType.Double, [-1d, 7d], [2]);

        Assert.Equal([0d, 6d], y.As<double>());
    }
}
