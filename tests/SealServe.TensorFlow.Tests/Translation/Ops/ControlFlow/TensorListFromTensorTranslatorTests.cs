using SealServe.Core.Errors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

public sealed class TensorListFromTensorTranslatorTests
{
    [Fact]
    public void Translate_StackOfAListFromATensor_IsThatTensor()
    {
        var graph = TensorListFixture.FromTensor();
        TensorListFixture.Stack(graph, "list:0");

        var stack = TranslationHarness.RunOne(graph, [Feed("x:0", TensorListFixture.X, 3, 2)], "stack:0");

        Assert.Equal([3, 2], stack.Shape);
        Assert.Equal(TensorListFixture.X, stack.As<float>());
    }

    [Fact]
    public void Translate_StackOfAReservedListNoLoopWrites_FailsNamingTheNode()
    {
        var graph = TensorListFixture.Reserved();
        TensorListFixture.Stack(graph, "list:0");

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "stack:0"));

        Assert.Contains("'stack' (TensorListStack)", error.Message, StringComparison.Ordinal);
        Assert.Contains("no loop writes it", error.Message, StringComparison.Ordinal);
    }
}
