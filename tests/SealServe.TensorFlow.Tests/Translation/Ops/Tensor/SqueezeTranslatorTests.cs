using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class SqueezeTranslatorTests
{
    [Fact]
    public void Translate_NoDims_RemovesEverySizeOneDimension()
    {
        var y = TranslationHarness.RunOp("Squeeze", DataType.Float, new float[3], [1, 3, 1]);

        Assert.Equal([3], y.Shape);
    }

    [Fact]
    public void Translate_NegativeDim_RemovesOnlyThatDimension()
    {
        var y = TranslationHarness.RunOp("Squeeze", DataType.Float, new float[3], [1, 3, 1], null, ("squeeze_dims", TfGraphBuilder.Ints(-1)));

        Assert.Equal([1, 3], y.Shape);
    }
}
