using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class ReductionTranslatorTests
{
    // [[1, 2, 3], [4, 5, 6]]
    private static readonly float[] X = [1, 2, 3, 4, 5, 6];

    [Theory]
    [InlineData("Sum", new float[] { 6, 15 })]
    [InlineData("Mean", new float[] { 2, 5 })]
    [InlineData("Max", new float[] { 3, 6 })]
    [InlineData("Min", new float[] { 1, 4 })]
    [InlineData("Prod", new float[] { 6, 120 })]
    public void Translate_NegativeScalarAxis_ReducesTheLastAxis(string op, float[] expected)
    {
        var y = TranslationHarness.RunOp(op, DataType.Float, X, [2, 3], [TensorValue.Scalar(-1)]);

        Assert.Equal([2], y.Shape);
        Assert.Equal(expected, y.As<float>());
    }

    [Fact]
    public void Translate_KeepDims_KeepsReducedAxesAsOne()
    {
        var y = TranslationHarness.RunOp("Sum", DataType.Float, X, [2, 3], [TensorValue.Vector(0)], ("keep_dims", TfGraphBuilder.Bool(true)));

        Assert.Equal([1, 3], y.Shape);
        Assert.Equal([5f, 7, 9], y.As<float>());
    }

    [Fact]
    public void Translate_AllAxes_ReducesToAScalar()
    {
        var y = TranslationHarness.RunOp("Mean", DataType.Float, X, [2, 3], [TensorValue.Vector(0L, 1L)]);

        Assert.Empty(y.Shape);
        Assert.Equal([3.5f], y.As<float>());
    }

    [Fact]
    public void Translate_EmptyAxes_ReducesNothing()
    {
        var y = TranslationHarness.RunOp("Sum", DataType.Float, X, [2, 3], [TensorValue.FromArray([0], Array.Empty<int>())]);

        Assert.Equal([2, 3], y.Shape);
        Assert.Equal(X, y.As<float>());
    }

    [Fact]
    public void Translate_EuclideanNorm_IsTheL2Norm()
    {
        var y = TranslationHarness.RunOp("EuclideanNorm", DataType.Float, [3f, 4f], [2], [TensorValue.Scalar(0)]);

        Assert.Equal([5f], y.As<float>());
    }
}
