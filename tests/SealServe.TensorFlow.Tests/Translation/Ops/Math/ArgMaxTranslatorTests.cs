using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class ArgMaxTranslatorTests
{
    // [[1, 9, 9], [7, 2, 7]]: ties resolve to the first index.
    private static readonly float[] X = [1, 9, 9, 7, 2, 7];

    [Fact]
    public void Translate_ArgMaxLastAxis_FirstIndexOfTheMaximumAsInt64()
    {
        var y = TranslationHarness.RunOp("ArgMax", DataType.Float, X, [2, 3], [TensorValue.Scalar(-1)]);

        Assert.Equal([1L, 0L], y.As<long>());
    }

    [Fact]
    public void Translate_ArgMinAxisZeroInt32Output_Int32Indices()
    {
        var y = TranslationHarness.RunOp("ArgMin", DataType.Float, X, [2, 3], [TensorValue.Scalar(0)], ("output_type", TfGraphBuilder.TypeAttr(DataType.Int32)));

        Assert.Equal([0, 1, 1], y.As<int>());
    }
}
