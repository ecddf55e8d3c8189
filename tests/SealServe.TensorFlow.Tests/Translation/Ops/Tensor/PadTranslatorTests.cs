using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Tensor;

public sealed class PadTranslatorTests
{
    // [[1, 2], [3, 4]] padded by one row before and one column after.
    private static readonly TensorValue Paddings = TensorValue.FromArray([2, 2], new[] { 1, 0, 0, 1 });

    [Fact]
    public void Translate_Pad_ZeroFills()
    {
        var y = TranslationHarness.RunOp("Pad", DataType.Float, [1f, 2, 3, 4], [2, 2], [Paddings]);

        Assert.Equal([3, 3], y.Shape);
        Assert.Equal([0f, 0, 0, 1, 2, 0, 3, 4, 0], y.As<float>());
    }

    [Fact]
    public void Translate_PadV2_FillsWithTheConstant()
    {
        var y = TranslationHarness.RunOp("PadV2", DataType.Float, [1f, 2, 3, 4], [2, 2], [Paddings, TensorValue.Scalar(9f)]);

        Assert.Equal([9f, 9, 9, 1, 2, 9, 3, 4, 9], y.As<float>());
    }

    [Fact]
    public void Translate_MirrorPadReflect_ReflectsWithoutTheEdge()
    {
        var y = TranslationHarness.RunOp("MirrorPad", DataType.Float, [1f, 2, 3], [3], [TensorValue.FromArray([1, 2], new[] { 2, 1 })], ("mode", TfGraphBuilder.Str("REFLECT")));

        Assert.Equal([3f, 2, 1, 2, 3, 2], y.As<float>());
    }

    [Fact]
    public void Translate_MirrorPadSymmetric_FailsNamingTheMode()
    {
        var error = Assert.Throws<ServingException>(() => TranslationHarness.RunOp("MirrorPad", DataType.Float, [1f], [1], [TensorValue.FromArray([1, 2], new[] { 1, 1 })], ("mode", TfGraphBuilder.Str("SYMMETRIC"))));

        Assert.Contains("SYMMETRIC", error.Message, StringComparison.Ordinal);
        Assert.Contains("'y' (MirrorPad)", error.Message, StringComparison.Ordinal);
    }
}
