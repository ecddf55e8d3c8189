using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class MatMulTranslatorTests
{
    // a = [[1, 2, 3], [4, 5, 6]]; b = [[1, 0], [0, 1], [1, 1]]; a·b = [[4, 5], [10, 11]].
    private static readonly float[] A = [1, 2, 3, 4, 5, 6];

    [Fact]
    public void Translate_Plain_MultipliesMatrices()
    {
        var y = TranslationHarness.RunOp("MatMul", DataType.Float, A, [2, 3], [TensorValue.FromArray([3, 2], new[] { 1f, 0, 0, 1, 1, 1 })]);

        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([4f, 5, 10, 11], y.As<float>());
    }

    [Fact]
    public void Translate_TransposeB_UsesTheTransposedWeights()
    {
        var y = TranslationHarness.RunOp("MatMul", DataType.Float, A, [2, 3], [TensorValue.FromArray([2, 3], new[] { 1f, 0, 1, 0, 1, 1 })], ("transpose_b", TfGraphBuilder.Bool(true)));

        Assert.Equal([4f, 5, 10, 11], y.As<float>());
    }

    [Fact]
    public void Translate_TransposeA_TransposesTheInput()
    {
        // aᵀ (3×2) · [[1], [1]] = row sums of aᵀ = [5, 7, 9].
        var y = TranslationHarness.RunOp("MatMul", DataType.Float, A, [2, 3], [TensorValue.FromArray([2, 1], new[] { 1f, 1 })], ("transpose_a", TfGraphBuilder.Bool(true)));

        Assert.Equal([3, 1], y.Shape);
        Assert.Equal([5f, 7, 9], y.As<float>());
    }
}
