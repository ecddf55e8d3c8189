using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class OneHotTranslatorTests
{
    private static readonly TensorValue[] Arguments = [TensorValue.Scalar(3), TensorValue.Scalar(5f), TensorValue.Scalar(-1f)];

    [Fact]
    public void Translate_NegativeAndTooLargeIndices_AreAllOff()
    {
        var y = TranslationHarness.RunOp("OneHot", DataType.Int32, [0, 2, -1, 3], [4], Arguments);

        Assert.Equal([4, 3], y.Shape);
        Assert.Equal([5f, -1, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1], y.As<float>());
    }

    [Fact]
    public void Translate_AxisZero_PutsDepthFirst()
    {
        var y = TranslationHarness.RunOp("OneHot", DataType.Int64, [1L, 0L], [2], Arguments, ("axis", TfGraphBuilder.Int(0)));

        Assert.Equal([3, 2], y.Shape);
        Assert.Equal([-1f, 5, 5, -1, -1, -1], y.As<float>());
    }
}
