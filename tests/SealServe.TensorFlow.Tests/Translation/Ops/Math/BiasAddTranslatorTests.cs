using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class BiasAddTranslatorTests
{
    private static readonly float[] X = Enumerable.Range(0, 8).Select(i => (float)i).ToArray();

    [Fact]
    public void Translate_Nhwc_AddsAlongTheLastAxis()
    {
        var y = TranslationHarness.RunOp("BiasAdd", DataType.Float, X, [1, 2, 2, 2], [TensorValue.Vector(100f, 200f)]);

        Assert.Equal([100f, 201, 102, 203, 104, 205, 106, 207], y.As<float>());
    }

    [Fact]
    public void Translate_Nchw_AddsAlongAxisOne()
    {
        var y = TranslationHarness.RunOp("BiasAdd", DataType.Float, X, [1, 2, 2, 2], [TensorValue.Vector(100f, 200f)], ("data_format", TfGraphBuilder.Str("NCHW")));

        Assert.Equal([100f, 101, 102, 103, 204, 205, 206, 207], y.As<float>());
    }
}
