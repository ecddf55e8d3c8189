using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class SearchSortedTranslatorTests
{
    // tf.searchsorted([[1, 3, 3, 7]], [[0, 3, 8]], side='right'/'left')
    private static readonly TensorValue Values = TensorValue.FromArray([1, 3], new[] { 0f, 3, 8 });

    [Theory]
    [InlineData("UpperBound", new[] { 0, 3, 4 })]
    [InlineData("LowerBound", new[] { 0, 1, 4 })]
    public void Translate_SortedRow_CountsTheInputsBeforeEachValue(string op, int[] expected)
    {
        var y = TranslationHarness.RunOp(op, DataType.Float, [1f, 3, 3, 7], [1, 4], [Values]);

        Assert.Equal([1, 3], y.Shape);
        Assert.Equal(expected, y.As<int>());
    }
}
