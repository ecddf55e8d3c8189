using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class GatherNdTranslatorTests
{
    [Fact]
    public void Translate_FullIndices_PicksElements()
    {
        var y = TranslationHarness.RunOp("GatherNd", DataType.Float, [1f, 2, 3, 4], [2, 2], [TensorValue.FromArray([2, 2], new[] { 1, 0, 0, 1 })]);

        Assert.Equal([3f, 2f], y.As<float>());
    }
}
