using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class BatchMatMulTranslatorTests
{
    // Two 2×2 matrices [[1, 2], [3, 4]] and [[5, 6], [7, 8]].
    private static readonly float[] X = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void Translate_V2BroadcastsAMatrixOverTheBatch()
    {
        var y = TranslationHarness.RunOp("BatchMatMulV2", DataType.Float, X, [2, 2, 2], [TensorValue.FromArray([2, 2], new[] { 0f, 1, 1, 0 })]);

        Assert.Equal([2, 2, 2], y.Shape);
        Assert.Equal([2f, 1, 4, 3, 6, 5, 8, 7], y.As<float>());
    }

    [Fact]
    public void Translate_AdjX_TransposesTheLastTwoAxes()
    {
        var y = TranslationHarness.RunOp("BatchMatMul", DataType.Float, X, [2, 2, 2], [TensorValue.FromArray([1, 2, 2], new[] { 1f, 0, 0, 1 })], ("adj_x", TfGraphBuilder.Bool(true)));

        Assert.Equal([1f, 3, 2, 4, 5, 7, 6, 8], y.As<float>());
    }

    [Fact]
    public void Translate_AdjY_TransposesTheSecondOperand()
    {
        // x · [[1, 1], [0, 0]]ᵀ = x · [[1, 0], [1, 0]]: first column = row sums, second = 0.
        var y = TranslationHarness.RunOp("BatchMatMulV3", DataType.Float, X, [2, 2, 2], [TensorValue.FromArray([2, 2], new[] { 1f, 1, 0, 0 })], ("adj_y", TfGraphBuilder.Bool(true)));

        Assert.Equal([3f, 0, 7, 0, 11, 0, 15, 0], y.As<float>());
    }
}
