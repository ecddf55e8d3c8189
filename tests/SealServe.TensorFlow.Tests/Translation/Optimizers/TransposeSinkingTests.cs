using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

public sealed class TransposeSinkingTests
{
    [Fact]
    public void Optimize_ActivationAfterTheTransposeBack_MovesBeforeIt()
    {
        var model = TranslationHarness.Translate(ConvBiasFusionTests.ConvLayer(), "y:0");
        var y = Run(model, [Feed("x:0", ConvBiasFusionTests.X, 1, 4, 4, 2)], "y:0")["y:0"];

        Assert.Equal(["Transpose", "Conv", "Relu", "Transpose"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([1, 4, 4, 3], y.Shape);
        Assert.All(y.As<float>(), v => Assert.True(v >= 0));
    }
}
