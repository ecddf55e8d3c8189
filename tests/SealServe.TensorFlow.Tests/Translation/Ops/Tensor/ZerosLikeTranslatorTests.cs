using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ZerosLikeTranslatorTests
{
    [Theory]
    [InlineData("ZerosLike", 0)]
    [InlineData("OnesLike", 1)]
    public void Translate_Int64_SameShapeFilled(string op, long value)
    {
        var y = TranslationHarness.RunOp(op, DataType.Int64, [5L, 6L, 7L], [3]);

        Assert.Equal([3], y.Shape);
        Assert.All(y.As<long>(), v => Assert.Equal(value, v));
    }
}
