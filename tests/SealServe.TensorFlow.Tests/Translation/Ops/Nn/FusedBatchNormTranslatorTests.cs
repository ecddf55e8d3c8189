using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Nn;

public sealed class FusedBatchNormTranslatorTests
{
    private static readonly TensorValue[] Parameters =
    [
        TensorValue.Vector(2f, 1f), // scale
        TensorValue.Vector(0f, 10f), // offset
        TensorValue.Vector(1f, -1f), // mean
        TensorValue.Vector(4f, 0.25f), // variance
    ];

    [Fact]
    public void Translate_V3Nhwc_NormalizesEachChannel()
    {
        float[] x = [3f, 0f, 5f, 1f];
        var expected = x.Select((v, i) => i % 2 == 0 ? ((v - 1) / MathF.Sqrt(4 + 0.001f) * 2) : ((v + 1) / MathF.Sqrt(0.25f + 0.001f)) + 10);

        var y = TranslationHarness.RunOp("FusedBatchNormV3", DataType.Float, x, [1, 1, 2, 2], Parameters, ("epsilon", TfGraphBuilder.Float(0.001f)), ("is_training", TfGraphBuilder.Bool(false)));

        Assert.Equal([1, 1, 2, 2], y.Shape);
        TranslationHarness.Close(expected, y);
    }

    [Fact]
    public void Translate_Training_FailsNamingTheNode()
    {
        var error = Assert.Throws<ServingException>(() => TranslationHarness.RunOp("FusedBatchNorm", DataType.Float, new float[4], [1, 1, 2, 2], Parameters, ("is_training", TfGraphBuilder.Bool(true))));

        Assert.Contains("'y' (FusedBatchNorm)", error.Message, StringComparison.Ordinal);
        Assert.Contains("is_training", error.Message, StringComparison.Ordinal);
    }
}
