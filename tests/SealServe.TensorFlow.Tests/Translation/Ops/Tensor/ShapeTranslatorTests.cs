using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class ShapeTranslatorTests
{
    [Fact]
    public void Translate_Shape_IsInt32ByDefault()
    {
        var y = TranslationHarness.RunOp("Shape", DataType.Float, new float[6], [2, 3]);

        Assert.Equal([2, 3], y.As<int>());
    }

    [Fact]
    public void Translate_ShapeInt64_KeepsInt64()
    {
        var y = TranslationHarness.RunOp("Shape", DataType.Float, new float[6], [2, 3], null, ("out_type", TfGraphBuilder.TypeAttr(DataType.Int64)));

        Assert.Equal([2L, 3L], y.As<long>());
    }

    [Theory]
    [InlineData("Size", 6)]
    [InlineData("Rank", 2)]
    public void Translate_SizeAndRank_AreInt32Scalars(string op, int expected)
    {
        var y = TranslationHarness.RunOp(op, DataType.Float, new float[6], [2, 3]);

        Assert.Empty(y.Shape);
        Assert.Equal([expected], y.As<int>());
    }
}
