using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class LogicalReductionTranslatorTests
{
    private static readonly bool[] X = [true, true, true, false];

    [Theory]
    [InlineData("All", new[] { true, false })]
    [InlineData("Any", new[] { true, true })]
    public void Translate_AlongAxisOne_CombinesEachRow(string op, bool[] expected)
    {
        var y = TranslationHarness.RunOp(op, DataType.Bool, X, [2, 2], [TensorValue.Scalar(1)]);

        Assert.Equal(expected, y.As<bool>());
    }
}
